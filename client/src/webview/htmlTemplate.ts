// The HTML shell of every Meshwright webview, as a pure function (no vscode import) so tests render exactly
// what the extension serves: one CSP meta first in <head> with default-src 'none', a per-load nonce for our
// one script, styles only from the webview source, images only from the webview source or data: URLs.

export interface WebviewHtmlOptions {
  /** The webview's `cspSource` (the origin our media files are served from). */
  cspSource: string;
  /** A fresh nonce for this load (see `createNonce`). */
  nonce: string;
  /** URI of the bundled script (media/dist/…js). */
  scriptUri: string;
  /** URIs of our stylesheets (media/…css). */
  styleUris: string[];
  title: string;
  /** `topology` or `traffic`: the page body the script expects. */
  page: 'topology' | 'traffic';
}

/** The Content-Security-Policy of our webviews. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** 128 bits of randomness from the platform's CSPRNG, base64url-encoded. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function renderWebviewHtml(options: WebviewHtmlOptions): string {
  const { cspSource, nonce } = options;
  if (!/^[A-Za-z0-9_-]{16,}$/.test(nonce)) throw new Error('invalid nonce');
  const styles = options.styleUris.map((uri) => `    <link rel="stylesheet" href="${escapeHtml(uri)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(cspSource, nonce))}">
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(options.title)}</title>
${styles}
  </head>
  <body data-page="${options.page}">
    <div id="app" data-nonce="${escapeHtml(nonce)}"></div>
    <script nonce="${escapeHtml(nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
  </body>
</html>
`;
}
