// Gateway names must be DNS-1123 labels (reference §3.2.1): VirtualServices refer to them as ns/name.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { isDns1123Label } from '../../webhook/values.ts';

export const gatewayName = webhookAnalyzer({
  name: 'gateway/name',
  description: 'A Gateway name is a DNS-1123 label (no dots).',
  kinds: ['Gateway'],
  codes: ['MW0236'],
  check(check) {
    const name = check.resource.name;
    if (name !== '' && !isDns1123Label(name)) {
      check.report('MW0236', ['metadata', 'name'], `Gateway name "${name}" is not a DNS-1123 label (lower-case letters, digits and '-', no dots, ≤63). Rename it, e.g. "${name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '')}".`);
    }
  },
});
