// Preloaded into a benchmarked process: reports its peak RSS when it exits.
process.on("exit", () => {
  process.stderr.write(
    `\nBENCH_USAGE ${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`,
  );
});
