// Runs the chart component's engine (ui/chart_component/engine.js) on the
// cases read from stdin (JSON) and writes the runs to stdout (JSON): the
// Node half of tests/test_ghost_parity.py. Numbers print with JavaScript's
// shortest round-trip form, so Python reads back the very doubles.
const engine = await import(process.argv[2]);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const out = JSON.parse(input).map((c) => {
  const problem = engine.makeProblem(c.x, c.y, c.loss);
  const run = engine.runMethod(problem, c.method, c.settings, c.start, c.epochs);
  return { w: Array.from(run.w), b: Array.from(run.b), loss: Array.from(run.loss), norm: Array.from(run.norm),
           status: run.status, converged_at: run.convergedAt };
});
process.stdout.write(JSON.stringify(out));
