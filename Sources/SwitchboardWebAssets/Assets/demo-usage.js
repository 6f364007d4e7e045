// Demo usage generated in the page, the same shape as `switchboard demo-data`: five models of
// three providers with their own workloads, token sizes and latencies; fewer calls at weekends
// and at night; popular prompts repeated; a few errors; and one day, two thirds of the way
// through, whose cost spikes (a runaway job on the most expensive model). Costs are left out so
// the server prices each call from its supply catalog. Event ids depend on the seed: uploading
// the same seed twice counts as duplicates, never twice.

const PROFILES = [
  { provider: "openai", model: "gpt-4o", workload: "chat", share: 0.30, input: [800, 4000], output: [200, 1200], latency: [600, 3000] },
  { provider: "openai", model: "gpt-4o-mini", workload: "classification", share: 0.25, input: [200, 1000], output: [5, 50], latency: [150, 700] },
  { provider: "anthropic", model: "claude-sonnet-4", workload: "code", share: 0.20, input: [2000, 12000], output: [400, 3000], latency: [1500, 9000] },
  { provider: "anthropic", model: "claude-3-5-haiku", workload: "summarization", share: 0.10, input: [3000, 9000], output: [150, 600], latency: [400, 1800] },
  { provider: "google", model: "gemini-2.5-flash", workload: "rag", share: 0.15, input: [4000, 20000], output: [100, 800], latency: [300, 1500] },
];
const SPIKE = { provider: "anthropic", model: "claude-opus-4", workload: "batch_report", input: [20000, 60000], output: [2000, 6000], latency: [8000, 30000] };

/** mulberry32: a small seeded generator, so a seed always gives the same history. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoRecords({ days = 30, events = 3000, seed = 1, end = Date.now() } = {}) {
  const random = seeded(seed);
  const between = ([low, high]) => low + Math.floor(random() * (high - low + 1));
  const start = end - days * 86_400_000;
  const weights = Array.from({ length: days }, (_, day) => {
    const weekday = new Date(start + day * 86_400_000).getUTCDay();
    return weekday === 0 || weekday === 6 ? 0.4 : 1;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const pickDay = () => {
    let remaining = random() * total;
    for (let day = 0; day < days; day++) if ((remaining -= weights[day]) < 0) return day;
    return days - 1;
  };
  const pickProfile = () => {
    let remaining = random();
    for (const profile of PROFILES) if ((remaining -= profile.share) < 0) return profile;
    return PROFILES[PROFILES.length - 1];
  };
  const spikeDay = Math.floor((days * 2) / 3);
  const spikeCalls = events >= 100 ? Math.max(Math.floor(events / 50), 10) : 0;
  const records = [];
  for (let index = 0; index < events; index++) {
    const isSpike = index < spikeCalls;
    const day = isSpike ? spikeDay : pickDay();
    const profile = isSpike ? SPIKE : pickProfile();
    const hour = random() < 0.66 ? 8 + Math.floor(random() * 10) : Math.floor(random() * 24);
    const offset = Math.min(day * 86_400_000 + hour * 3_600_000 + random() * 3_600_000, days * 86_400_000 - 1000);
    const roll = random();
    const status = roll < 0.02 ? "error" : roll < 0.03 ? "timeout" : roll < 0.035 ? "rate_limited" : "success";
    const prompt = random() < 0.35 ? `${profile.workload}-popular-${Math.floor(random() * 40)}` : `unique-${seed}-${index}`;
    records.push({
      event_id: `web-demo-${seed}-${index}`,
      timestamp: new Date(start + offset).toISOString(),
      model: profile.model, provider: profile.provider,
      input_tokens: between(profile.input), output_tokens: between(profile.output), latency_ms: between(profile.latency),
      status, prompt_hash: prompt, workload_type: profile.workload, tags: { source: "web-demo" },
    });
  }
  return records;
}
