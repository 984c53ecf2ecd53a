import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DatabaseConnection } from './database-connection.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({
  providers: [
    { provide: DatabaseConnection, inject: [AppConfig], useFactory: (config: AppConfig) => DatabaseConnection.open(config) },
    { provide: PrismaService, inject: [DatabaseConnection], useFactory: (connection: DatabaseConnection) => new PrismaService(connection) },
  ],
  exports: [PrismaService],
})
export class PrismaModule {}
