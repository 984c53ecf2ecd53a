import { Injectable } from '@nestjs/common';
import { UsersService } from '../../users/users.service.js';
import type { RegisterDto } from '../dto/register.dto.js';
import type { RegisteredUserDto } from '../dto/auth-responses.dto.js';
import { PasswordHasher } from '../passwords/password-hasher.service.js';

@Injectable()
export class RegistrationService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
  ) {}

  async register(dto: RegisterDto): Promise<RegisteredUserDto> {
    return this.users.create(dto.email, await this.hasher.hash(dto.password));
  }
}
