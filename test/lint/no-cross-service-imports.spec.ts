import { join } from 'node:path';
import { RuleTester } from 'eslint';
import { repoRoot } from '@yiwang/testing';
import { noCrossServiceImports } from '../../tools/eslint/no-cross-service-imports.js';

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
const file = (path: string) => join(repoRoot, path);

describe('lint: services never import each other, libraries never import services', () => {
  tester.run('no-cross-service-imports', noCrossServiceImports, {
    valid: [
      {
        code: "import { x } from './intake/case.entity.js';",
        filename: file('services/case/src/app.module.ts'),
      },
      { code: "import { subjects } from '@yiwang/contracts';", filename: file('services/grid/src/a.ts') },
      {
        code: "import { runService } from '@yiwang/platform';",
        filename: file('services/gateway/src/main.ts'),
      },
      {
        code: "import { checkPayload } from '../subjects/validate.js';",
        filename: file('libs/contracts/src/grpc/a.ts'),
      },
      {
        code: "import { x } from '../../services/case/dist/database/migrations/index.js';",
        filename: file('test/service-migrations.mjs'),
      },
    ],
    invalid: [
      {
        code: "import { CaseEntity } from '../../../case/src/intake/case.entity.js';",
        filename: file('services/grid/src/case-activity/a.ts'),
        errors: [{ messageId: 'serviceToService' }],
      },
      {
        code: "import { caseServiceSpec } from '@yiwang/case';",
        filename: file('services/gateway/src/a.ts'),
        errors: [{ messageId: 'serviceToService' }],
      },
      {
        code: "export * from '../../../services/grid/src/grid.config.js';",
        filename: file('libs/platform/src/a.ts'),
        errors: [{ messageId: 'libToService' }],
      },
      {
        code: "const m = await import('@yiwang/funding');",
        filename: file('libs/testing/src/a.ts'),
        errors: [{ messageId: 'libToService' }],
      },
    ],
  });
});
