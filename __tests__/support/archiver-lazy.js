/**
 * `archiver`, loaded when first called instead of when cdktf is loaded (jest.config.js
 * moduleNameMapper). cdktf requires it at load (lib/private/fs.js) for TerraformAsset archives and
 * calls it only as `archiver('zip', options)` when it zips one; loading it took about 80 ms of the
 * 150 ms that loading cdktf takes, in every test file that loads cdktf (2026-12-07). A call gets
 * the real module's answer.
 */
// cdktf's own copy (it has one nested under it), found through its package.json: jest maps the
// request `archiver` itself, and its require.resolve, to this file.
const { dirname } = require('node:path');
const real = dirname(require.resolve('archiver/package.json', { paths: [dirname(require.resolve('cdktf/package.json'))] }));

/** Calls the real archiver (loaded on the first call) with the same arguments. */
function archiver(...args) {
  return require(real)(...args);
}

module.exports = archiver;
