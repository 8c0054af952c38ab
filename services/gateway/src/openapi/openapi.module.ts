import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { OpenApiBuilder } from './openapi.builder.js';
import { OpenApiController } from './openapi.controller.js';
import { ResponseContractInterceptor } from './response-contract.interceptor.js';

@Module({
  imports: [DiscoveryModule],
  controllers: [OpenApiController],
  providers: [OpenApiBuilder, { provide: APP_INTERCEPTOR, useClass: ResponseContractInterceptor }],
})
export class OpenApiModule {}
