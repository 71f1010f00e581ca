/**
 * What a task's container answers on HTTP: the image's `http:` entry in the
 * scenario's `images:` table with its placeholders filled, or a default.
 *
 * Placeholders: `{hostname}` the container's hostname (its 12-character ID,
 * as Docker sets it and the get-started app prints), `{hits}` the service's
 * hit counter after this request (the get-started app keeps it in redis,
 * shared by every replica; here it is one counter per service in the world),
 * `{service}`, `{task}` (the 25-character task ID), `{node}` (hostname of the
 * node the task runs on) and `{slot}`.
 *
 * Defaults (modelling choice): an `nginx` image answers nginx's welcome page
 * (the stock `index.html` of the official image); any other image answers
 * 200 with an empty body.
 */
import { imageBehaviour, type ImageCatalogue, stripDigest } from '../agent/images.js';

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

export interface ResponseFacts {
  readonly image: string;
  readonly hostname: string;
  readonly hits: number;
  readonly service: string;
  readonly task: string;
  readonly node: string;
  readonly slot: number;
}

export const NGINX_WELCOME_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

function isNginx(image: string): boolean {
  const name = stripDigest(image).replace(/:[^/:]*$/, '');
  return name === 'nginx' || name.endsWith('/nginx');
}

const PLACEHOLDER = /\{(hostname|hits|service|task|node|slot)\}/g;

/** Fill a body's placeholders (unknown `{words}` stay as written). */
export function fillBody(body: string, facts: ResponseFacts): string {
  return body.replace(PLACEHOLDER, (_match, word: string) => {
    switch (word) {
      case 'hostname':
        return facts.hostname;
      case 'hits':
        return String(facts.hits);
      case 'service':
        return facts.service;
      case 'task':
        return facts.task;
      case 'node':
        return facts.node;
      default:
        return String(facts.slot);
    }
  });
}

export function httpResponse(images: ImageCatalogue, facts: ResponseFacts): HttpResponse {
  const http = imageBehaviour(images, facts.image).http;
  if (http !== undefined) return { status: http.status, body: fillBody(http.body, facts) };
  return { status: 200, body: isNginx(facts.image) ? NGINX_WELCOME_PAGE : '' };
}
