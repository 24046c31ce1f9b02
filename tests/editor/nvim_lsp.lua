-- Neovim as the client of `skalint lsp` (run by tests/editor.rs):
--   nvim --headless --clean -u NONE -c "luafile tests/editor/nvim_lsp.lua"
-- with SKALINT_BIN, SKALINT_FILE and SKALINT_OUT in the environment. Opens the report, waits
-- for diagnostics, writes them, then edits the buffer, hovers and asks for code actions, and
-- writes what the editor got. Works with Neovim 0.7 (Debian 12) and later.

local bin, file, out = os.getenv("SKALINT_BIN"), os.getenv("SKALINT_FILE"), os.getenv("SKALINT_OUT")
local lines = {}
local function emit(s) table.insert(lines, s) end
local function finish(code)
  vim.fn.writefile(lines, out)
  vim.cmd(code == 0 and "qa!" or "cq!")
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = "skalint",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":p:h"),
  })
  assert(client_id, "the client started")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  vim.bo.filetype = "markdown"
  vim.lsp.buf_attach_client(0, client_id)

  local function wait_for(pred, what)
    assert(vim.wait(20000, pred, 50), "timed out waiting for " .. what)
  end
  local function codes()
    local set = {}
    for _, d in ipairs(vim.diagnostic.get(0)) do set[d.code] = d end
    return set
  end

  wait_for(function() return #vim.diagnostic.get(0) > 0 end, "diagnostics")
  local diags = vim.diagnostic.get(0)
  table.sort(diags, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return tostring(a.code) < tostring(b.code)
  end)
  for _, d in ipairs(diags) do
    emit(string.format("open %d:%d %s %d", d.lnum + 1, d.col + 1, d.code, d.severity))
  end

  -- Hover and code actions at the missing analysis.
  local analys = codes()["SKA103"]
  assert(analys, "SKA103 reported")
  local pos = { line = analys.lnum, character = analys.col + 1 }
  local doc = { uri = vim.uri_from_bufnr(0) }
  local hover = vim.lsp.buf_request_sync(0, "textDocument/hover",
    { textDocument = doc, position = pos }, 10000)
  for _, r in pairs(hover or {}) do
    if r.result then
      emit("hover " .. vim.split(r.result.contents.value, "\n")[1])
    end
  end
  local actions = vim.lsp.buf_request_sync(0, "textDocument/codeAction", {
    textDocument = doc,
    range = { start = pos, ["end"] = pos },
    context = { diagnostics = {} },
  }, 10000)
  for _, r in pairs(actions or {}) do
    for _, a in ipairs(r.result or {}) do emit("action " .. a.title) end
  end

  -- Write a causal analysis under the heading, as a rektor would type it.
  local heading
  for i, l in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    if l == "## Analys" then heading = i end
  end
  vim.api.nvim_buf_set_lines(0, heading, heading, false, {
    "",
    "Den lägre måluppfyllelsen i matematik beror främst på att eleverna i åk 8 har haft tre olika lärare under läsåret.",
    "Att frånvaron ökade förklaras av att fler elever upplever otrygghet på rasterna.",
  })
  wait_for(function() return codes()["SKA103"] == nil end, "the re-check after the edit")
  local after = {}
  for code, _ in pairs(codes()) do table.insert(after, code) end
  table.sort(after)
  emit("after-edit " .. table.concat(after, " "))
  vim.lsp.stop_client(client_id)
end)

if not ok then
  emit("error " .. tostring(err))
  finish(1)
else
  finish(0)
end
