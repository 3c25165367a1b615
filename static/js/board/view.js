// What the lower modules (state, outbox, connection) ask of the rendering above them.
// main.js fills it in at start, so that imports only go one way: the production static
// files storage hashes each module's imports, which cannot work for modules importing each other.
export const view = {
  render() {},           // the whole board, now (after a snapshot)
  renderSoon() {},       // the whole board, at the next frame (after events)
  renderPending() {},    // the queued posts
  renderPresence() {},   // who is online
  showConnection() {},   // the connection indicator: (status)
  showError() {},        // an error about a card, or about the board: (cardId, message)
  clearError() {},       // a request succeeded: (cardId)
  postSaved() {},        // the server has stored a post: (cardId)
  boardChanged() {},     // a snapshot or event was applied, or the connection synced
  firstSynced() {},      // the connection synced for the first time: the board is live
  renderTimer() {},      // the timer in the status line and in the corner (timer.js, loaded once live)
  postQueued() {},       // a post went into the outbox: (clientId)
  sameTopicSearch() { return null; }, // the search of earlier boards in a card's actions: (card) → element
};
