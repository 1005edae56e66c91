// Preloaded (node --import) into a child whose memory a test measures: prints the process's own peak resident
// size (KB) on stderr as it exits.
process.on('exit', () => process.stderr.write(`\nmaxRSS ${process.resourceUsage().maxRSS}\n`));
