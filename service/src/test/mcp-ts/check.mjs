// Lists Almanac's MCP tools and calls each with the official TypeScript SDK, as an agent would.
// Run by McpTypeScriptClientTest: ALMANAC_URL, ALMANAC_WRITER_KEY, ALMANAC_READER_KEY, ALMANAC_PROJECT.
// Prints one JSON line: {writer_tools, reader_tools, calls: {tool: {is_error, text}}}.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const base = process.env.ALMANAC_URL;
const project = process.env.ALMANAC_PROJECT;

async function connect(key) {
  const client = new Client({ name: "almanac-ts-check", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(base + "/mcp"), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  return client;
}

const writer = await connect(process.env.ALMANAC_WRITER_KEY);
const reader = await connect(process.env.ALMANAC_READER_KEY);
const writerTools = (await writer.listTools()).tools;
const readerTools = (await reader.listTools()).tools;

const args = {
  search_projects: { q: "agent" },
  get_project: { project_id: project },
  list_definitions: { type: "view" },
  get_definition: { type: "view", name: "orders" },
  diff_definition: { type: "view", name: "orders", from: 1 },
  get_meta: { project_id: project, key: "owner" },
  put_meta: { project_id: project, key: "checked_by", value: { agent: "ts-sdk", ok: true } },
  request_generation: { project_id: project },
  list_suggestions: { project_id: project },
  accept_suggestion: { project_id: project, key: "summary" },
  reject_suggestion: { project_id: project, key: "summary" },
  project_history: { project_id: project, limit: 5 },
};

const calls = {};
let jobId = null;
for (const tool of writerTools) {
  let input = args[tool.name];
  if (tool.name === "get_job") input = { job_id: jobId };
  if (!input) throw new Error("no arguments prepared for tool " + tool.name);
  const result = await writer.callTool({ name: tool.name, arguments: input });
  const text = result.content?.[0]?.text ?? "";
  calls[tool.name] = { is_error: result.isError === true, text: text.slice(0, 300) };
  if (tool.name === "request_generation" && !result.isError) jobId = JSON.parse(text).id;
}
// get_job may come before request_generation in the list: call it again once a job exists
if (jobId) {
  const result = await writer.callTool({ name: "get_job", arguments: { job_id: jobId } });
  calls.get_job = { is_error: result.isError === true, text: (result.content?.[0]?.text ?? "").slice(0, 300) };
}

console.log(JSON.stringify({
  writer_tools: writerTools.map((t) => ({ name: t.name, read_only: t.annotations?.readOnlyHint, destructive: t.annotations?.destructiveHint })),
  reader_tools: readerTools.map((t) => t.name),
  calls,
}));
await writer.close();
await reader.close();
