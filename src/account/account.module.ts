import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { PasswordChangeService } from './password-change.service.js';
import { TwoFactorController } from './two-factor.controller.js';
import { TwoFactorSettingsService } from './two-factor-settings.service.js';

/** The sensitive self-service routes: password change and 2FA settings (step-up), profile and event log. */
@Module({
  imports: [AuthModule, UsersModule, TwoFactorModule],
  controllers: [AccountController, TwoFactorController],
  providers: [AccountService, PasswordChangeService, TwoFactorSettingsService],
})
export class AccountModule {}
