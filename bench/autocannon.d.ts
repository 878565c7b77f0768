// Minimal types for the parts of autocannon 8 the benchmarks use (it ships no declarations).

declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: Array<{
      setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
    }>;
  }
  interface Histogram {
    p50: number;
    p90: number;
    p99: number;
    average: number;
    max: number;
  }
  interface Result {
    latency: Histogram;
    requests: Histogram & { total: number };
    non2xx: number;
    errors: number;
    timeouts: number;
    "2xx": number;
  }
  function autocannon(options: Options): Promise<Result>;
  export = autocannon;
}
