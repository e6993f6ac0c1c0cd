-- Minimal Neovim config (0.7+, built-in LSP client) used by test/lsp/neovim.test.ts: opens one YAML file, starts
-- Meshwright's language server over stdio, waits (with a deadline) until diagnostics arrive, writes them as
-- JSON and quits. Environment: MESHWRIGHT_NODE, MESHWRIGHT_SERVER, MESHWRIGHT_FILE, MESHWRIGHT_RESULT,
-- MESHWRIGHT_DEADLINE_MS.
local node = os.getenv('MESHWRIGHT_NODE')
local server = os.getenv('MESHWRIGHT_SERVER')
local file = os.getenv('MESHWRIGHT_FILE')
local result_file = os.getenv('MESHWRIGHT_RESULT')
local deadline = tonumber(os.getenv('MESHWRIGHT_DEADLINE_MS') or '60000')

local function finish(result)
  local handle = assert(io.open(result_file, 'w'))
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'meshwright',
  cmd = { node, server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
  on_exit = function(code)
    if code ~= 0 then
      vim.schedule(function() finish({ ok = false, error = 'server exited with code ' .. code }) end)
    end
  end,
})
if not client_id then
  finish({ ok = false, error = 'vim.lsp.start_client failed' })
  return
end
vim.lsp.buf_attach_client(buffer, client_id)

local arrived = vim.wait(deadline, function()
  return #vim.diagnostic.get(buffer) > 0
end, 50)

local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  table.insert(diagnostics, {
    line = d.lnum,
    column = d.col,
    message = d.message,
    source = d.source,
    code = d.code or lsp.code,
  })
end
local client = vim.lsp.get_client_by_id(client_id)
finish({
  ok = arrived,
  server = client and client.server_capabilities and 'initialized' or 'not initialized',
  diagnostics = diagnostics,
})
