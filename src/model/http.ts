// Requests, responses and the page a user sees, as the browser, the plug-in and the members exchange them.

/** What the application does with the session for a request (the servlet's work). */
export type AppOperation =
  /** Read the session and show the page. */
  | { kind: 'view' }
  /** setAttribute("counter", counter + 1). */
  | { kind: 'increment' }
  /** setAttribute("cart", cart + item). */
  | { kind: 'addToCart'; item: string }
  /** getAttribute("cart").add(item) with no setAttribute: the write-contents trap (DOMAIN.md §4.4). */
  | { kind: 'addToCartInPlace'; item: string }
  /** IBMSession.sync(): the manual-update write (DOMAIN.md §4.3). */
  | { kind: 'sync' }
  /** session.invalidate(). */
  | { kind: 'logout' }
  /**
   * Portal: the user logs out and in again, the documented cure for "Portlet unavailable" (DOMAIN.md §7):
   * the old session ends and a new one starts in the JVM that takes the login.
   */
  | { kind: 'login' }
  /**
   * Portal's Authoring portlet: the user fills in the current screen of a three-screen edit and goes on;
   * the last screen saves the edit. Where the user is in the flow lives in JVM memory, not in the
   * session (DOMAIN.md §7). `screen` is the screen the user's page showed (the browser fills it in).
   */
  | { kind: 'authoring'; edit: string; screen?: number };

export type HttpMethod = 'GET' | 'POST';

/** How many screens the Authoring portlet's edit has. */
export const AUTHORING_SCREENS = 3;

/** The Authoring portlet as a page shows it. */
export interface AuthoringPage {
  /** The screen the user is on now (1 to AUTHORING_SCREENS). */
  screen: number;
  /** Edits made on the earlier screens and not yet saved. */
  edits: readonly string[];
  /** The edits the last screen just saved, if it did. */
  saved?: readonly string[];
  /** The flow started again at its first screen: this JVM did not know where the user was. */
  restarted?: boolean;
}

export interface HttpRequest {
  id: string;
  /** The user (browser) that sent it. */
  user: string;
  method: HttpMethod;
  host: string;
  port: number;
  /** Path, possibly with `;jsessionid=` and a query. */
  url: string;
  cookies: Readonly<Record<string, string>>;
  /** Request body size in KB (0 for GET). */
  bodyKB: number;
  op: AppOperation;
  /** Which web server process takes it; the world chooses when absent. */
  process?: number;
  /** The browser re-issued a POST as GET after a redirect: the form data is gone. */
  redirectedFromPost?: boolean;
}

/** The page the simulated user sees. */
export interface Page {
  kind: 'app' | 'error';
  title: string;
  /** The member that served it, as the Portal's global settings portlet shows the node (DOMAIN.md §7). */
  member?: string;
  node?: string;
  counter?: number;
  cart?: readonly string[];
  /** The session was new on this request (the user's earlier state is gone). */
  newSession?: boolean;
  /** The user has just logged in: a new session on purpose. */
  loggedIn?: boolean;
  /** Portal: a portlet that does not support failover shows "Portlet unavailable" (DOMAIN.md §7). */
  portletUnavailable?: boolean;
  /** Portal's Authoring portlet: the screen the user is on now, and the edits made on earlier screens. */
  authoring?: AuthoringPage;
  message?: string;
}

export interface HttpResponse {
  requestId: string;
  status: number;
  /** JSESSIONID value to set; null to clear it. */
  setCookie?: { name: string; value: string | null };
  /** For a 302. */
  location?: string;
  /** With URL rewriting: the page's links carry the session, e.g. `/shop/cart;jsessionid=…`. */
  encodedUrl?: string;
  page: Page;
  /** Who answered: a member name, or the plug-in / web server itself. */
  servedBy: string;
  /** The partition (DWLM) table the application servers hand the plug-in with memory-to-memory peer-to-peer. */
  dwlm?: { viewId: number; table: Readonly<Record<string, readonly string[]>> };
}

export function errorPage(status: number, title: string, message: string): Page {
  return { kind: 'error', title: `${status} ${title}`, message };
}
