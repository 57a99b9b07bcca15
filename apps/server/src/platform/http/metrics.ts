import client from 'prom-client';

/**
 * Prometheus metrics: HTTP latency by route template (never the raw URL, which would explode the label
 * set), the database pool, and Node's process metrics. One registry per app instance, so tests can build
 * many apps in one process.
 */
export function createHttpMetrics(poolStats: () => { total: number; idle: number; waiting: number }) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const latency = new client.Histogram({
    name: 'gpos_http_request_duration_seconds',
    help: 'HTTP request latency by route template',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: 'gpos_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  // Label children are looked up by a string key instead of prom-client hashing a label object each time.
  const children = new Map<string, client.Histogram.Internal<'method' | 'route' | 'status'>>();

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    observe(method: string, route: string, status: number, elapsedMs: number): void {
      const key = `${method} ${route} ${status}`;
      let child = children.get(key);
      if (!child) {
        child = latency.labels(method, route, String(status));
        children.set(key, child);
      }
      child.observe(elapsedMs / 1000);
    },
  };
}
