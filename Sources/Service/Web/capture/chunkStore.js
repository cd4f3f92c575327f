// The browser's copy of recordings under way (IndexedDB): every chunk the recorder hands over is
// written here before it is sent, and deleted only once the server acknowledged it, so a closed
// tab, a crash or a dropped network loses at most the chunk the recorder had not handed over yet.
// Beside the chunks, one record per capture says where it stood (part, next index, time recorded).

const NAME = 'verbatim-capture';
const VERSION = 1;
let opened = null;

function database() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('chunks', { keyPath: ['captureID', 'index'] });
        request.result.createObjectStore('captures', { keyPath: 'captureID' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    opened.catch(() => {
      opened = null;
    });
  }
  return opened;
}

/**
 * Runs `body(transaction)` in one transaction over `stores`; resolves with the result of the
 * request `body` returns once the transaction is committed ('strict': on disk, not only in a cache).
 */
async function run(stores, mode, body) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(stores, mode, { durability: mode === 'readwrite' ? 'strict' : 'default' });
    let value;
    const request = body(transaction);
    if (request) request.onsuccess = () => { value = request.result; };
    transaction.oncomplete = () => resolve(value);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}

/** The keys of every chunk of `captureID`, in index order. */
function chunkRange(captureID, from = 0) {
  return IDBKeyRange.bound([captureID, from], [captureID, Infinity]);
}

/**
 * Keeps `chunk` (`{captureID, index, part, blob}`) and, in the same transaction, the capture's
 * record `state` (`{captureID, studyID, userID, title, …}`): both are written or neither.
 */
export function keepChunk(chunk, state) {
  return run(['chunks', 'captures'], 'readwrite', (transaction) => {
    transaction.objectStore('captures').put(state);
    return transaction.objectStore('chunks').put(chunk);
  });
}

/** The chunk of `captureID` with the lowest index, or undefined. */
export async function firstChunk(captureID) {
  const [chunk] = await run(['chunks'], 'readonly', (transaction) => transaction.objectStore('chunks').getAll(chunkRange(captureID), 1));
  return chunk;
}

/** The chunk of `captureID` with the highest index, or undefined. */
export async function lastChunk(captureID) {
  let last;
  await run(['chunks'], 'readonly', (transaction) => {
    transaction.objectStore('chunks').openCursor(chunkRange(captureID), 'prev').onsuccess = (event) => {
      last = event.target.result?.value;
    };
  });
  return last;
}

/** How many chunks of `captureID` wait to be acknowledged. */
export function waitingChunks(captureID) {
  return run(['chunks'], 'readonly', (transaction) => transaction.objectStore('chunks').count(chunkRange(captureID)));
}

/** Forgets the chunks of `captureID` below `index` (the server holds them). */
export function forgetChunksBelow(captureID, index) {
  return run(['chunks'], 'readwrite', (transaction) =>
    transaction.objectStore('chunks').delete(IDBKeyRange.bound([captureID, 0], [captureID, index], false, true)));
}

/** The records of the captures this browser has under way in `studyID` for `userID`. */
export async function capturesUnderWay(studyID, userID) {
  const all = await run(['captures'], 'readonly', (transaction) => transaction.objectStore('captures').getAll());
  return (all ?? []).filter((record) => record.studyID === studyID && record.userID === userID);
}

/** The record of `captureID`, or undefined. */
export function captureRecord(captureID) {
  return run(['captures'], 'readonly', (transaction) => transaction.objectStore('captures').get(captureID));
}

/** Keeps the record of a capture (`{captureID, studyID, userID, title, part, nextIndex, recorded}`). */
export function keepCapture(record) {
  return run(['captures'], 'readwrite', (transaction) => transaction.objectStore('captures').put(record));
}

/** Forgets a capture and every chunk of it (it was finished or discarded). */
export function forgetCapture(captureID) {
  return run(['chunks', 'captures'], 'readwrite', (transaction) => {
    transaction.objectStore('chunks').delete(chunkRange(captureID));
    return transaction.objectStore('captures').delete(captureID);
  });
}
