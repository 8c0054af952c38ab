import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ username });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  /** Inserts; returns false when the user name is taken. */
  async insert(user: Omit<UserEntity, 'createdAt'>): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles, unit_code, department_code, disabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [
        user.id,
        user.username,
        user.displayName,
        user.passwordHash,
        user.roles,
        user.unitCode,
        user.departmentCode,
        user.disabled,
      ],
    );
    return rows.length > 0;
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.dataSource.getRepository(UserEntity).update({ id }, { passwordHash });
  }
}
