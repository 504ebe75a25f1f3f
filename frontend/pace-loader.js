// Run by `make site` on the chunk loader wasm-split-cli wrote (its path is the one argument).
//
// When a page's lazy route loads, the loader calls `fetch` for every file the page needs
// (70–330 of them) in one go, inside the call that starts hydration. Issuing a fetch costs
// the browser's main thread about half a millisecond here, so that call became one long task
// (measured on /catalog: 205 fetches, 121 ms of a 234 ms task) during which the page could
// not answer input. This gives each module's load a turn: at most FETCHES_PER_TASK fetches
// are issued per task, the rest in the tasks that follow, so the main thread is free between
// them. The files still download in parallel; only the issuing is spread.
const fs = require('fs');

const file = process.argv[2];
const loader = fs.readFileSync(file, 'utf8');

const MAKE_LOAD = 'function makeLoad(fetcher, deps) {\n';
const ANCHOR = '    const loader = async () => {\n';
for (const anchor of [MAKE_LOAD, ANCHOR]) {
  if (loader.split(anchor).length !== 2) {
    throw new Error(`${file}: ${JSON.stringify(anchor)} not found once; has wasm-split-cli's output changed?`);
  }
}
const TURNS = `
// Added by frontend/pace-loader.js: at most this many fetches are issued per task.
const FETCHES_PER_TASK = 16;
let fetchesThisTask = 0;
const waitingForTurn = [];
let nextTaskScheduled = false;
function nextTask() {
    if (nextTaskScheduled) return;
    nextTaskScheduled = true;
    setTimeout(() => {
        nextTaskScheduled = false;
        fetchesThisTask = 0;
        while (fetchesThisTask < FETCHES_PER_TASK && waitingForTurn.length > 0) {
            fetchesThisTask += 1;
            waitingForTurn.shift()();
        }
        if (waitingForTurn.length > 0) nextTask();
    }, 0);
}
function turnToFetch() {
    nextTask();
    if (fetchesThisTask < FETCHES_PER_TASK) {
        fetchesThisTask += 1;
        return Promise.resolve();
    }
    return new Promise((resolve) => waitingForTurn.push(resolve));
}
`;
fs.writeFileSync(file, loader.replace(MAKE_LOAD, `${TURNS}${MAKE_LOAD}`).replace(ANCHOR, `${ANCHOR}        await turnToFetch();\n`));
