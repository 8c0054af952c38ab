import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed logins per user name and per client address, shared by every gateway replica. */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  /** `user:<name>` or `ip:<address>` */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'int', default: 0 })
  failures!: number;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
