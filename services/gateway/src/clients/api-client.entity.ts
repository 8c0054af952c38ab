import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A departmental system that calls the API on its own account: client-credentials grant or API key.
 * Its scope is fixed at creation (a unit subtree and a department) and never wider than its creator's.
 */
@Entity({ name: 'api_clients' })
export class ApiClientEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ name: 'unit_code', type: 'varchar', length: 40 })
  unitCode!: string;

  /** The unit's materialized path (`44.4401.440106`), for subtree filters. */
  @Index('IDX_api_clients_unit_path')
  @Column({ name: 'unit_path', type: 'varchar', length: 200 })
  unitPath!: string;

  @Column({ name: 'department_code', type: 'varchar', length: 40 })
  departmentCode!: string;

  /** Token bucket: sustained requests per second and the burst it may save up. */
  @Column({ name: 'rate_per_second', type: 'double precision' })
  ratePerSecond!: number;

  @Column({ name: 'rate_burst', type: 'int' })
  rateBurst!: number;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Index('IDX_api_clients_revoked')
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}

/**
 * A client's secrets, stored as SHA-256 digests of 256-bit random values (a slow hash adds nothing to a
 * secret that cannot be guessed). Two are valid during a rotation's grace period.
 */
@Entity({ name: 'api_client_secrets' })
export class ApiClientSecretEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_api_client_secrets_client')
  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Index('UQ_api_client_secrets_hash', { unique: true })
  @Column({ name: 'secret_hash', type: 'char', length: 64 })
  secretHash!: string;

  /** The first characters, to tell secrets apart in listings. */
  @Column({ type: 'varchar', length: 16 })
  hint!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set when a newer secret replaces this one: valid until then (the grace period). */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}

/** Generic cell rate algorithm state (equivalent to a token bucket), shared by every gateway replica. */
@Entity({ name: 'rate_limit_buckets' })
export class RateLimitBucketEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  /** Theoretical arrival time of the next request; the bucket is full when it is in the past. */
  @Column({ type: 'timestamptz' })
  tat!: Date;
}
