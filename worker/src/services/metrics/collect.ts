import { createDb } from "../../db/client";
import { unwrap } from "../../durable/outcome";
import { askRooms, listHackathonIds } from "../../observability/ask-rooms";
import { renderExposition, type MetricFamily } from "../../observability/exposition";
import { hackathonFamilies } from "../../observability/hackathon-metrics";
import { latencyHistogram } from "../../observability/request-metrics";

/**
 * The whole /metrics page: this isolate's request histograms, then every hackathon's gauges
 * and counters as its object reports them. A hackathon whose object fails is left out and
 * shows as `pitwall_scrape_hackathon_up 0`; D1 being down leaves out every hackathon.
 */
export async function collectMetrics({ env }: { env: Env }): Promise<string> {
  let ids: string[] = [];
  let registryUp = 1;
  try {
    ids = await listHackathonIds(createDb(env.DB));
  } catch {
    registryUp = 0;
  }
  const answers = await askRooms(env, ids, async (room) => unwrap(await room.metricsSnapshot()));
  const families: MetricFamily[] = [
    {
      name: "pitwall_scrape_registry_up",
      help: "1 when the list of hackathons could be read from D1 for this scrape.",
      type: "gauge",
      samples: [{ labels: {}, value: registryUp }],
    },
    {
      name: "pitwall_scrape_hackathon_up",
      help: "1 when the hackathon's object answered this scrape; its other series are missing when 0.",
      type: "gauge",
      samples: answers.map((a) => ({ labels: { hackathon: a.id }, value: a.ok ? 1 : 0 })),
    },
    ...latencyHistogram.families(),
  ];
  for (const answer of answers) if (answer.ok) families.push(...hackathonFamilies(answer.value));
  return renderExposition(families);
}
