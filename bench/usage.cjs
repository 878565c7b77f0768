// Preloaded into a benchmarked process: reports its peak RSS and CPU time when it exits.
process.on("exit", () => {
  const u = process.resourceUsage();
  process.stderr.write(
    `\nBENCH_USAGE ${JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime })}\n`,
  );
});
