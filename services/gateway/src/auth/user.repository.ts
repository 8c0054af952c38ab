import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get users() {
    return entityColumns(this.dataSource, UserEntity);
  }

  findByUsername(username: string): Promise<Row<UserEntity> | null> {
    const u = this.users;
    return queryOne(this.dataSource, sql`SELECT ${u.select()} FROM ${u.table} WHERE username = ${username}`);
  }

  findById(id: string): Promise<Row<UserEntity> | null> {
    const u = this.users;
    return queryOne(this.dataSource, sql`SELECT ${u.select()} FROM ${u.table} WHERE id = ${id}`);
  }

  /** Inserts; returns false when the user name is taken. */
  async insert(user: Omit<Row<UserEntity>, 'createdAt'>): Promise<boolean> {
    const u = this.users;
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      sql`${u.insert(
        [user],
        ['id', 'username', 'displayName', 'passwordHash', 'roles', 'unitCode', 'departmentCode', 'disabled'],
      )} ON CONFLICT (${u.names(['username'])}) DO NOTHING RETURNING id`,
    );
    return rows.length > 0;
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    const u = this.users;
    await execute(
      this.dataSource,
      sql`UPDATE ${u.table} SET ${u.assign({ passwordHash }, ['passwordHash'])} WHERE id = ${id}`,
    );
  }
}
