import { Global, Module } from '@nestjs/common';
import { SecurityEventService } from './security-event.service.js';

@Global()
@Module({ providers: [SecurityEventService], exports: [SecurityEventService] })
export class SecurityEventsModule {}
