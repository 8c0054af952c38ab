import { Module } from '@nestjs/common';
import { RegistryHttpController } from './registry.http.controller.js';

@Module({ controllers: [RegistryHttpController] })
export class RegistryModule {}
