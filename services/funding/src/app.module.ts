import { Module } from '@nestjs/common';

/** Feature modules arrive with the funding issue. */
@Module({})
export class AppModule {}
