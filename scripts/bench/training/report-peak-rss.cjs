// Preloaded (`node -r`) into the bundled CLI by the training benchmark: on exit, prints the
// process's peak resident memory as one JSON line on stderr.
process.on('exit', () => {
  process.stderr.write(`${JSON.stringify({ peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
});
