import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ApiClientsHttpController } from './api-clients.http.controller.js';
import { ApiClientsService } from './api-clients.service.js';

/** Admin routes for API clients; authentication of clients lives in the auth module. */
@Module({ imports: [AuthModule], controllers: [ApiClientsHttpController], providers: [ApiClientsService] })
export class ClientsModule {}
