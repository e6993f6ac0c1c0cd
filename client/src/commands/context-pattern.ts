// Purpose: decide whether a kube context needs the "type the context name" confirmation. The setting is a
// comma-separated list of case-insensitive globs (`*` = any text, `?` = one character) matched against the
// context name and the server address. Default: `*prod*`.

export function matchesContextPattern(patterns: string, contextName: string, server?: string): boolean {
  const globs = patterns
    .split(',')
    .map((glob) => glob.trim())
    .filter((glob) => glob.length > 0);
  return globs.some((glob) => {
    const expression = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    return expression.test(contextName) || (server !== undefined && expression.test(server));
  });
}
