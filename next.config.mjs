/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` type-checks the whole repo with tsc first; checking again in every build only
  // doubles build time on CI.
  typescript: { ignoreBuildErrors: true },
  // Test builds (node proxy variant, benchmarks) go to their own folders.
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

export default nextConfig;
