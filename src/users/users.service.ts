import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { isUniqueViolation } from '../prisma/prisma-errors.js';
import { normalizeEmail } from './email.js';

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  async create(email: string, passwordHash: string) {
    try {
      return await this.prisma.user.create({
        data: { email: normalizeEmail(email), passwordHash },
        select: { id: true, email: true, createdAt: true },
      });
    } catch (error) {
      // The unique index decides, so two concurrent registrations cannot both succeed.
      if (isUniqueViolation(error)) throw new ApiError(409, 'email_taken', 'An account with this email already exists');
      throw error;
    }
  }

  findByEmail(email: string) {
    return this.prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  }

  findById(id: string) {
    return this.prisma.user.findUnique({ where: { id } });
  }

  updatePasswordHash(id: string, passwordHash: string) {
    return this.prisma.user.update({ where: { id }, data: { passwordHash }, select: { id: true } });
  }
}
