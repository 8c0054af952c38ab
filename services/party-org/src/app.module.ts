import { Module } from '@nestjs/common';

/** Feature modules arrive with the party-org issue. */
@Module({})
export class AppModule {}
