// The ACL grants of ./kafkaAcls.ts as kafkajs admin entries (the launcher creates them after the broker is ready).
import kafkajs, { type AclEntry } from 'kafkajs';
import type { AclGrant } from './kafkaAcls.js';

// CommonJS: Node finds these enums only on the default export.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
const RESOURCE = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP } as const;
const PATTERN = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED } as const;
const OPERATION = { read: AclOperationTypes.READ, write: AclOperationTypes.WRITE, create: AclOperationTypes.CREATE, delete: AclOperationTypes.DELETE, describe: AclOperationTypes.DESCRIBE, describe_configs: AclOperationTypes.DESCRIBE_CONFIGS } as const;

export const aclEntries = (grants: readonly AclGrant[]): AclEntry[] =>
  grants.flatMap((g) =>
    g.operations.map((op): AclEntry => ({
      resourceType: RESOURCE[g.resource], resourceName: g.name, resourcePatternType: PATTERN[g.pattern],
      principal: g.principal, host: '*', operation: OPERATION[op], permissionType: AclPermissionTypes.ALLOW,
    })),
  );

