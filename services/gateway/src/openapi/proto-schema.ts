import { isAbsolute, join } from 'node:path';
import { PROTO_ROOT, protoFiles } from '@yiwang/contracts';
import protobuf from 'protobufjs';
import { z } from 'zod';

/**
 * Response schemas derived from the `.proto` messages the gateway passes on, so a message's fields are declared
 * once (in libs/contracts) and the API document, the response check and the web types follow. The JSON shape
 * is the one the gateway's gRPC clients produce (`@grpc/proto-loader` with camelCase names, defaults filled in,
 * longs as numbers): scalars and repeated fields are always present, proto3 `optional` fields only when set,
 * nested messages always (the services set them). Objects are strict: an unknown property fails the check.
 */
export type ProtoShape<T> = {
  [K in keyof T]-?: undefined extends T[K]
    ? z.ZodOptional<z.ZodType<Exclude<T[K], undefined>>>
    : z.ZodType<T[K]>;
};
export type ProtoObject<T> = z.ZodObject<ProtoShape<T>, z.core.$strict>;

let root: protobuf.Root | undefined;
const built = new Map<string, z.ZodObject>();

function protoRoot(): protobuf.Root {
  if (root) return root;
  const loaded = new protobuf.Root();
  loaded.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(PROTO_ROOT, target));
  loaded.loadSync([...new Set(Object.values(protoFiles).flat())], {
    keepCase: false,
    alternateCommentMode: true,
  });
  loaded.resolveAll();
  root = loaded;
  return loaded;
}

/**
 * The zod schema of a message by its full name (`yiwang.grid.v1.Grid`), typed by ts-proto's interface for it.
 * One instance per message: a name given to it (`named`) shows wherever it is nested.
 */
export function protoMessage<T extends object>(fullName: string): ProtoObject<T> {
  return messageSchema(fullName) as unknown as ProtoObject<T>;
}

function messageSchema(fullName: string): z.ZodObject {
  const cached = built.get(fullName);
  if (cached) return cached;
  const type = protoRoot().lookupType(fullName);
  const shape: Record<string, z.ZodType> = {};
  for (const field of type.fieldsArray) {
    let value = fieldSchema(field);
    if (field.repeated) value = z.array(value);
    else if (field.options?.proto3_optional) value = value.optional();
    const comment = field.comment?.trim().replace(/\s+/g, ' ');
    // A singular nested message keeps its own instance (and so its name in the document); the rest carry the
    // field's comment.
    const nested =
      field.resolvedType instanceof protobuf.Type && !field.repeated && !field.options?.proto3_optional;
    shape[field.name] = comment && !nested ? value.describe(comment) : value;
  }
  const schema = z.strictObject(shape);
  built.set(fullName, schema);
  return schema;
}

function fieldSchema(field: protobuf.Field): z.ZodType {
  if (field.resolvedType instanceof protobuf.Type) return messageSchema(field.resolvedType.fullName.slice(1));
  if (field.resolvedType instanceof protobuf.Enum) return z.string();
  switch (field.type) {
    case 'string':
      return z.string();
    case 'bool':
      return z.boolean();
    case 'double':
    case 'float':
      return z.number();
    case 'int32':
    case 'int64':
    case 'uint32':
    case 'uint64':
    case 'sint32':
    case 'sint64':
    case 'fixed32':
    case 'fixed64':
    case 'sfixed32':
    case 'sfixed64':
      return z.number().int();
    default:
      throw new Error(`proto field ${field.fullName} has type ${field.type}, which no API answer carries`);
  }
}
