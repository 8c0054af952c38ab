import { Module } from '@nestjs/common';

/** Feature modules arrive with the volunteer issue. */
@Module({})
export class AppModule {}
