// A small client for Pitwall's admin/viewer HTTP API (see docs/contract.md section 3).

export class ApiError extends Error {
  constructor(method, path, status, body) {
    const detail = body?.error ? `${body.error.code}: ${body.error.message}` : JSON.stringify(body)?.slice(0, 300);
    super(`${method} ${path} answered ${status} (${detail})`);
    this.status = status;
    this.body = body;
  }
}

export function createApiClient({ url, token }) {
  async function request(method, path, body, extraHeaders = {}) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...extraHeaders,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) throw new ApiError(method, path, response.status, parsed);
    return parsed;
  }
  const hackathon = (id) => `/api/hackathons/${encodeURIComponent(id)}`;
  return {
    request,
    createHackathon: (body) => request("POST", "/api/hackathons", body),
    getHackathon: (id) => request("GET", hackathon(id)),
    updateHackathon: (id, patch) => request("PATCH", hackathon(id), patch),
    rotateCredentials: (id) => request("POST", `${hackathon(id)}/rotate`),
    getDashboard: (id) => request("GET", `${hackathon(id)}/dashboard`),
    createTicket: (id) => request("POST", `${hackathon(id)}/ticket`),
  };
}
