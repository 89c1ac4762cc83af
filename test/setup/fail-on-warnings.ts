// Node warnings during tests are failures: a deprecation or a leaked listener is a bug to fix now.
process.on('warning', (warning) => {
  throw warning;
});
