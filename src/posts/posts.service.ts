import { Injectable } from '@nestjs/common';
import { type Page, pageQuery, toPage } from '../common/pagination/page.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

const POST_FIELDS = { id: true, title: true, body: true, createdAt: true, updatedAt: true } satisfies Prisma.PostSelect;

export type PostView = Prisma.PostGetPayload<{ select: typeof POST_FIELDS }>;

export interface PostChanges {
  title?: string;
  body?: string;
}

/**
 * Every query carries `userId` in its WHERE clause: ownership is part of the statement itself, so there
 * is no window between a check and the write, and another user's post is simply not found.
 */
@Injectable()
export class PostsService {
  constructor(private readonly prisma: PrismaService) {}

  async list(userId: string, page: { limit: number; cursor?: string }): Promise<Page<PostView>> {
    const { where, ...order } = pageQuery(page);
    const rows = await this.prisma.post.findMany({ where: { userId, ...where }, ...order, select: POST_FIELDS });
    return toPage(rows, page.limit);
  }

  create(userId: string, post: { title: string; body: string }): Promise<PostView> {
    return this.prisma.post.create({ data: { userId, title: post.title, body: post.body }, select: POST_FIELDS });
  }

  find(userId: string, id: string): Promise<PostView | null> {
    return this.prisma.post.findFirst({ where: { id, userId }, select: POST_FIELDS });
  }

  /** Null when the caller has no such post. */
  async update(userId: string, id: string, changes: PostChanges): Promise<PostView | null> {
    const [post] = await this.prisma.post.updateManyAndReturn({
      where: { id, userId },
      data: { title: changes.title, body: changes.body },
      select: POST_FIELDS,
    });
    return post ?? null;
  }

  /** False when the caller has no such post. */
  async remove(userId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.post.deleteMany({ where: { id, userId } });
    return count > 0;
  }
}
