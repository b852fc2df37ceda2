// The purchase in progress, kept in localStorage so that a reload (or a
// browser that drops the tab while the wallet app is open) loses nothing:
// first the challenge and the exact request body (the token is bound to the
// body, so it must be re-sent byte for byte), then the credential once paid.
// A single-use token that has been redeemed replays its stored result, so
// re-sending the request with the credential after a reload is safe.

const KEY = 'l402d.purchase';

export function loadPurchase() {
  try {
    const p = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return p && typeof p.path === 'string' && typeof p.body === 'string' && p.challenge ? p : null;
  } catch {
    return null;
  }
}

// Returns false when the browser refused (storage full: a large image).
export function savePurchase(purchase) {
  try {
    localStorage.setItem(KEY, JSON.stringify(purchase));
    return true;
  } catch {
    return false;
  }
}

export function clearPurchase() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing kept, nothing to clear.
  }
}
