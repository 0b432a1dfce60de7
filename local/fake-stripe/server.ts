/**
 * A local stand-in for the parts of Stripe the shop uses (README.md here):
 * Checkout Sessions over Stripe's REST shapes, a hosted payment page with
 * "Pay" and "Decline", and signed webhook deliveries with retries.
 * Plain Node `http`; nothing in `convex/` or `app/` imports it.
 */
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { decodeStripeForm } from "./form";
import { stripeId, stripeSignatureHeader } from "./signing";

export type FakeStripeOptions = {
  port?: number;
  host?: string;
  /** When set, `/v1` calls need `Authorization: Bearer <secretKey>`. */
  secretKey?: string;
  /** `whsec_…` to sign webhooks with. */
  webhookSecret?: string;
  /** Where events are POSTed; may be set later with `setWebhookUrl`. */
  webhookUrl?: string;
  /** Delays between delivery attempts, ms. Default 0.5 s … 30 s (8 attempts, ~1 min). */
  retryDelaysMs?: number[];
  log?: (line: string) => void;
};

export type FakeSession = {
  id: string;
  object: "checkout.session";
  mode: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid" | "no_payment_required";
  amount_total: number;
  amount_subtotal: number;
  currency: string;
  url: string | null;
  success_url: string;
  cancel_url: string | null;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  /** Fake-only: the line items as sent, for the hosted page. */
  line_items_sent: unknown;
  /** Fake-only: the charge once paid, and what was refunded. */
  charge?: { id: string; amount_refunded: number };
};

export type Delivery = {
  eventId: string;
  type: string;
  objectId: string;
  attempts: number;
  delivered: boolean;
  lastStatus?: number;
  lastError?: string;
};

export type CreateMode = "ok" | "error" | "network";

export type FakeStripe = {
  /** Origin, e.g. `http://127.0.0.1:8891`: the value for `STRIPE_API_BASE_URL`. */
  url: string;
  sessions: Map<string, FakeSession>;
  deliveries: Delivery[];
  setWebhookUrl(url: string): void;
  /** The next `times` session creations answer 500 (`error`) or drop the connection (`network`). */
  setMode(create: CreateMode, times?: number): void;
  /** Pays an open session (as the page's Pay button) and sends `checkout.session.completed`. */
  complete(sessionId: string): Promise<FakeSession>;
  /** The payment fails: `checkout.session.async_payment_failed`. */
  fail(sessionId: string): Promise<FakeSession>;
  expire(sessionId: string): Promise<FakeSession>;
  /** Refunds `amount` cents (default all) of a paid session: `charge.refunded`. */
  refund(sessionId: string, amount?: number): Promise<FakeSession>;
  /** Opens a dispute on a paid session's charge: `charge.dispute.created`. */
  dispute(sessionId: string): Promise<FakeSession>;
  /** While down, every delivery attempt fails like a dead backend; retries continue. */
  setReceiverDown(down: boolean): void;
  /** Resolves once every queued delivery has finished (delivered or given up). */
  idle(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
};

const DEFAULT_RETRIES = [500, 1000, 2000, 4000, 8000, 15000, 30000];

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = "invalid_request_error",
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
  });
  response.end(text);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[
        c
      ]!,
  );
}

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
  }).format(cents / 100);
}

export const DECLINED_CARD = "4000000000000002";

/** Starts the fake; `close()` stops it and its pending deliveries. */
export async function startFakeStripe(
  options: FakeStripeOptions = {},
): Promise<FakeStripe> {
  const log = options.log ?? (() => undefined);
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRIES;
  const sessions = new Map<string, FakeSession>();
  const byIdempotencyKey = new Map<string, string>();
  const deliveries: Delivery[] = [];
  let webhookUrl = options.webhookUrl;
  let mode: { create: CreateMode; times: number } = {
    create: "ok",
    times: 0,
  };
  let queue: Promise<void> = Promise.resolve();
  /** While true, deliveries fail as if the backend were down (and are retried). */
  let receiverDown = false;
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let origin = "";

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Sends one event, retrying on failure; deliveries go out one at a time, in order. */
  function emit(type: string, object: { id: string }) {
    const event = {
      id: stripeId("evt"),
      object: "event",
      api_version: "2025-01-01",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      type,
      data: { object },
    };
    const delivery: Delivery = {
      eventId: event.id,
      type,
      objectId: object.id,
      attempts: 0,
      delivered: false,
    };
    deliveries.push(delivery);
    const body = JSON.stringify(event, null, 2);
    queue = queue.then(async () => {
      for (let attempt = 0; attempt <= retryDelays.length; attempt++) {
        if (closed) return;
        if (attempt > 0) await sleep(retryDelays[attempt - 1]);
        if (closed || !webhookUrl || !options.webhookSecret) return;
        delivery.attempts++;
        try {
          if (receiverDown) throw new Error("connect ECONNREFUSED (simulated)");
          const response = await fetch(webhookUrl, {
            method: "POST",
            headers: {
              "content-type": "application/json; charset=utf-8",
              "stripe-signature": await stripeSignatureHeader(
                options.webhookSecret,
                body,
              ),
            },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          delivery.lastStatus = response.status;
          await response.text().catch(() => "");
          if (response.ok) {
            delivery.delivered = true;
            log(`webhook ${type} ${event.id} → ${response.status}`);
            return;
          }
        } catch (error) {
          delivery.lastError =
            error instanceof Error ? error.message : String(error);
        }
        log(`webhook ${type} ${event.id} attempt ${delivery.attempts} failed`);
      }
    });
  }

  function requireSession(id: string): FakeSession {
    const session = sessions.get(id);
    if (!session) throw new HttpError(404, `No such checkout.session: '${id}'`);
    return session;
  }

  function publicSession(session: FakeSession) {
    const { line_items_sent: _l, charge: _c, ...rest } = session;
    return rest;
  }

  function pay(session: FakeSession) {
    if (session.status !== "open")
      throw new HttpError(400, `Session ${session.id} is ${session.status}.`);
    session.status = "complete";
    session.payment_status = "paid";
    session.payment_intent = stripeId("pi");
    session.charge = { id: stripeId("ch"), amount_refunded: 0 };
    session.url = null;
    emit("checkout.session.completed", publicSession(session));
    return session;
  }

  function failPayment(session: FakeSession) {
    if (session.status !== "open")
      throw new HttpError(400, `Session ${session.id} is ${session.status}.`);
    session.status = "complete";
    session.payment_status = "unpaid";
    session.url = null;
    emit("checkout.session.async_payment_failed", publicSession(session));
    return session;
  }

  function expire(session: FakeSession) {
    if (session.status !== "open")
      throw new HttpError(
        400,
        `Only Checkout Sessions with a status in [open] can be expired. This session has a status of ${session.status}.`,
      );
    session.status = "expired";
    session.url = null;
    emit("checkout.session.expired", publicSession(session));
    return session;
  }

  function chargeOf(session: FakeSession) {
    if (!session.charge || !session.payment_intent)
      throw new HttpError(400, `Session ${session.id} was not paid.`);
    return {
      id: session.charge.id,
      object: "charge",
      amount: session.amount_total,
      amount_refunded: session.charge.amount_refunded,
      currency: session.currency,
      paid: true,
      refunded: session.charge.amount_refunded >= session.amount_total,
      payment_intent: session.payment_intent,
      metadata: {},
    };
  }

  function refund(session: FakeSession, amount?: number) {
    const charge = chargeOf(session);
    const left = session.amount_total - charge.amount_refunded;
    session.charge!.amount_refunded += Math.min(left, amount ?? left);
    emit("charge.refunded", chargeOf(session));
    return session;
  }

  function dispute(session: FakeSession) {
    const charge = chargeOf(session);
    emit("charge.dispute.created", {
      id: stripeId("dp"),
      object: "dispute",
      amount: charge.amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: session.payment_intent,
      reason: "fraudulent",
      status: "needs_response",
    } as { id: string });
    return session;
  }

  function createSession(
    form: Record<string, unknown>,
    idempotencyKey: string | undefined,
  ) {
    if (idempotencyKey && byIdempotencyKey.has(idempotencyKey))
      return sessions.get(byIdempotencyKey.get(idempotencyKey)!)!;
    if (form.mode !== "payment")
      throw new HttpError(400, "This fake supports mode=payment only.");
    const items = form.line_items;
    if (!Array.isArray(items) || items.length === 0)
      throw new HttpError(400, "Missing required param: line_items.");
    let amount = 0;
    let currency = "";
    for (const item of items as Record<string, unknown>[]) {
      const price = item.price_data as Record<string, unknown> | undefined;
      const unit = Number(price?.unit_amount);
      if (!price || !Number.isInteger(unit) || unit < 0)
        throw new HttpError(
          400,
          "Each line item needs price_data[unit_amount].",
        );
      currency = String(price.currency ?? "").toLowerCase();
      amount += unit * Number(item.quantity ?? 1);
    }
    if (typeof form.success_url !== "string")
      throw new HttpError(400, "Missing required param: success_url.");
    const id = stripeId("cs_test", 58);
    const now = Math.floor(Date.now() / 1000);
    const session: FakeSession = {
      id,
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: amount,
      amount_subtotal: amount,
      currency,
      url: `${origin}/c/pay/${id}`,
      success_url: form.success_url,
      cancel_url: typeof form.cancel_url === "string" ? form.cancel_url : null,
      client_reference_id:
        typeof form.client_reference_id === "string"
          ? form.client_reference_id
          : null,
      customer_email:
        typeof form.customer_email === "string" ? form.customer_email : null,
      metadata: (form.metadata as Record<string, string>) ?? {},
      payment_intent: null,
      created: now,
      expires_at: now + 24 * 60 * 60,
      livemode: false,
      line_items_sent: items,
    };
    sessions.set(id, session);
    if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, id);
    return session;
  }

  function page(session: FakeSession, message?: string): string {
    const items = session.line_items_sent as {
      price_data?: { product_data?: { name?: string } };
    }[];
    const name = items[0]?.price_data?.product_data?.name ?? "Your order";
    const body =
      session.status === "open"
        ? `<form method="post">
  <label for="card">Card number</label>
  <input id="card" name="card" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242">
  <p class="hint">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.</p>
  ${message ? `<p role="alert" class="error">${escapeHtml(message)}</p>` : ""}
  <button type="submit" name="action" value="pay">Pay</button>
  <button type="submit" name="action" value="decline" class="secondary">Decline</button>
</form>`
        : `<p role="status">This Checkout Session is ${session.status}.</p>`;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checkout (fake Stripe)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a1a2e}
h1{font-size:1.25rem}.amount{font-size:2rem;font-weight:700;margin:.5rem 0}label{display:block;font-weight:600;margin-top:1rem}
input{width:100%;padding:.6rem;font-size:1rem;border:1px solid #999;border-radius:6px;box-sizing:border-box}
button{margin-top:1rem;margin-right:.5rem;padding:.6rem 1.4rem;font-size:1rem;border-radius:6px;border:0;background:#635bff;color:#fff;cursor:pointer}
button.secondary{background:#e5e5ea;color:#1a1a2e}.error{color:#b00020;font-weight:600}.hint{color:#555;font-size:.85rem}.badge{font-size:.75rem;background:#ffd;padding:.1rem .4rem;border-radius:4px}</style>
</head><body><main>
<p><span class="badge">TEST MODE · fake Stripe</span></p>
<h1>${escapeHtml(name)}</h1>
<p class="amount">${escapeHtml(money(session.amount_total, session.currency || "usd"))}</p>
${session.customer_email ? `<p>${escapeHtml(session.customer_email)}</p>` : ""}
${body}
</main></body></html>`;
  }

  function html(response: ServerResponse, status: number, text: string) {
    response.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    response.end(text);
  }

  function redirect(response: ServerResponse, location: string) {
    response.writeHead(303, { location });
    response.end();
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://fake");
    const parts = url.pathname.split("/").filter(Boolean);
    const method = request.method ?? "GET";

    if (parts[0] === "v1") {
      if (
        options.secretKey &&
        request.headers.authorization !== `Bearer ${options.secretKey}`
      ) {
        throw new HttpError(
          401,
          "Invalid API Key provided.",
          "invalid_request_error",
        );
      }
      const body = method === "POST" ? await readBody(request) : "";
      if (
        method === "POST" &&
        parts.length === 3 &&
        parts[1] === "checkout" &&
        parts[2] === "sessions"
      ) {
        if (mode.create !== "ok" && mode.times !== 0) {
          const current = mode.create;
          if (mode.times > 0) mode.times--;
          if (mode.times === 0) mode = { create: "ok", times: 0 };
          if (current === "network") {
            request.socket.destroy();
            return;
          }
          throw new HttpError(500, "An unknown error occurred", "api_error");
        }
        const key = request.headers["idempotency-key"];
        const session = createSession(
          decodeStripeForm(body),
          typeof key === "string" ? key : undefined,
        );
        return sendJson(response, 200, publicSession(session));
      }
      if (parts[1] === "checkout" && parts[2] === "sessions" && parts[3]) {
        const session = requireSession(parts[3]);
        if (method === "GET" && parts.length === 4)
          return sendJson(response, 200, publicSession(session));
        if (method === "POST" && parts[4] === "expire")
          return sendJson(response, 200, publicSession(expire(session)));
      }
      throw new HttpError(
        404,
        `Unrecognized request URL (${method}: ${url.pathname}).`,
      );
    }

    if (parts[0] === "c" && parts[1] === "pay" && parts[2]) {
      const session = requireSession(parts[2]);
      if (method === "GET") return html(response, 200, page(session));
      const form = new URLSearchParams(await readBody(request));
      if (session.status !== "open") return html(response, 409, page(session));
      if (form.get("action") === "decline") {
        failPayment(session);
        return redirect(response, session.cancel_url ?? session.success_url);
      }
      const card = (form.get("card") ?? "").replace(/[\s-]/g, "");
      if (card === DECLINED_CARD)
        return html(response, 402, page(session, "Your card was declined."));
      if (!/^\d{16}$/.test(card))
        return html(
          response,
          400,
          page(session, "Your card number is invalid."),
        );
      pay(session);
      return redirect(
        response,
        session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id),
      );
    }

    if (parts[0] === "_control") {
      const body = method === "POST" ? await readBody(request) : "";
      const json =
        body.trim() === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
      if (parts[1] === "sessions" && parts.length === 2 && method === "GET")
        return sendJson(
          response,
          200,
          [...sessions.values()].map(publicSession),
        );
      if (
        parts[1] === "sessions" &&
        parts[2] &&
        parts[3] &&
        method === "POST"
      ) {
        const session = requireSession(parts[2]);
        const actions: Record<string, () => FakeSession> = {
          complete: () => pay(session),
          fail: () => failPayment(session),
          expire: () => expire(session),
          refund: () =>
            refund(
              session,
              typeof json.amount === "number" ? json.amount : undefined,
            ),
          dispute: () => dispute(session),
        };
        const act = actions[parts[3]];
        if (!act) throw new HttpError(404, `Unknown action ${parts[3]}.`);
        return sendJson(response, 200, publicSession(act()));
      }
      if (parts[1] === "mode" && method === "POST") {
        mode = {
          create: (json.create as CreateMode) ?? "ok",
          times: typeof json.times === "number" ? json.times : -1,
        };
        return sendJson(response, 200, mode);
      }
      if (parts[1] === "webhooks" && method === "POST") {
        receiverDown = json.down === true;
        return sendJson(response, 200, { down: receiverDown });
      }
      if (parts[1] === "deliveries" && method === "GET")
        return sendJson(response, 200, deliveries);
      if (parts[1] === "reset" && method === "POST") {
        reset();
        return sendJson(response, 200, { ok: true });
      }
    }
    throw new HttpError(
      404,
      `Unrecognized request URL (${method}: ${url.pathname}).`,
    );
  }

  function reset() {
    sessions.clear();
    byIdempotencyKey.clear();
    deliveries.length = 0;
    mode = { create: "ok", times: 0 };
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.end();
      if (error instanceof HttpError) {
        sendJson(response, error.status, {
          error: { type: error.type, message: error.message },
        });
      } else {
        sendJson(response, 500, {
          error: { type: "api_error", message: String(error) },
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  origin = `http://${options.host ?? "127.0.0.1"}:${address.port}`;

  const act = async (id: string, fn: (s: FakeSession) => FakeSession) =>
    fn(requireSession(id));

  return {
    url: origin,
    sessions,
    deliveries,
    setWebhookUrl: (next) => {
      webhookUrl = next;
    },
    setReceiverDown: (down) => {
      receiverDown = down;
    },
    setMode: (create, times = -1) => {
      mode = { create, times };
    },
    complete: (id) => act(id, pay),
    fail: (id) => act(id, failPayment),
    expire: (id) => act(id, expire),
    refund: (id, amount) => act(id, (s) => refund(s, amount)),
    dispute: (id) => act(id, dispute),
    idle: async () => {
      let current: Promise<void>;
      do {
        current = queue;
        await current;
      } while (current !== queue);
    },
    reset,
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
