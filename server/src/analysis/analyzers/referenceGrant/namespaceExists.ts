// MW0325 (Kiali KIA1601): a ReferenceGrant's `from` namespace should be a Namespace of the workspace.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { closest, didYouMean, findingOn, records, str } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';

export const referenceGrantNamespace: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'referenceGrant/namespaceExists',
  description: 'ReferenceGrant from-namespaces must exist.',
  codes: ['MW0325'],
  inputs: ['ReferenceGrant', 'Namespace'],
  analyze(context) {
    const namespaces = [...context.index.namespaces().keys()];
    for (const grant of context.index.resources('ReferenceGrant')) {
      records(specOf(grant).from).forEach((from, i) => {
        const namespace = str(from.namespace);
        if (!namespace || namespaces.includes(namespace)) return;
        const suggestion = closest(namespace, namespaces);
        context.report(findingOn(grant, 'MW0325', ['spec', 'from', i, 'namespace'], `Namespace "${namespace}" is not defined in the workspace, so this grant allows nothing. Fix the name or add the Namespace manifest.${didYouMean(suggestion)}`, { data: suggestion ? { suggestion } : {} }));
      });
    }
  },
};
