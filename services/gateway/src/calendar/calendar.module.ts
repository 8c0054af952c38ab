import { Inject, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { caseCalendarV1, protoFiles } from '@yiwang/contracts';
import { GrpcClient } from '@yiwang/platform';
import { UserRepository } from '../auth/user.repository.js';
import type { GatewayConfig } from '../gateway.config.js';
import { CALENDAR_CLIENT, type CalendarClient } from './calendar-client.js';
import { CalendarHttpController } from './calendar.http.controller.js';

class CalendarClientLifecycle implements OnModuleDestroy {
  constructor(@Inject(CALENDAR_CLIENT) private readonly client: CalendarClient) {}

  onModuleDestroy(): void {
    this.client.close();
  }
}

/**
 * The national working calendar, served by the case service's CalendarService. The user repository is
 * provided here (not imported with AuthModule, whose import would move its middleware chain) to record
 * who changed the calendar by name.
 */
@Module({})
export class CalendarModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: CalendarModule,
      controllers: [CalendarHttpController],
      providers: [
        {
          provide: CALENDAR_CLIENT,
          useFactory: () =>
            new GrpcClient<caseCalendarV1.CalendarServiceClient>({
              protoFiles: protoFiles.case,
              service: 'yiwang.case.v1.CalendarService',
              address: config.CASE_GRPC_ADDR,
              deadlineMs: config.GRPC_DEADLINE_MS,
            }),
        },
        CalendarClientLifecycle,
        UserRepository,
      ],
    };
  }
}
