// The replay player of a call page: play, pause, next, restart. Each moment (a prompt, a
// silence, keys, a note) is shown in turn; at real time the browser's speech synthesis
// speaks each prompt in its language. The moments come from the page, as JSON.
(function () {
  "use strict";
  const moments = JSON.parse(document.getElementById("moments").textContent);
  const rows = Array.from(document.querySelectorAll("#timeline .moment"));
  const $ = (id) => document.getElementById(id);
  const buttons = { play: $("play"), pause: $("pause"), next: $("next"), restart: $("restart") };
  const LABELS = { prompt: "line says", silence: "silence", keys: "caller pressed", note: "note" };
  const SHORTEST_MS = 500; // a key press or a note stays on screen long enough to be read
  let index = -1;
  let playing = false;
  let generation = 0; // a timer or utterance from before a pause or a jump must not advance

  function clock(seconds) {
    const minutes = Math.floor(seconds / 60);
    return minutes + ":" + (seconds - minutes * 60).toFixed(1).padStart(4, "0");
  }

  function describe(moment) {
    if (moment.kind === "silence") {
      return moment.seconds.toFixed(1) + " s of silence" + (moment.text ? " (" + moment.text + ")" : "");
    }
    return moment.text;
  }

  function show(position) {
    index = position;
    const moment = moments[index];
    rows.forEach((row, n) => row.classList.toggle("current", n === index));
    rows[index].scrollIntoView({ block: "nearest" });
    $("now").className = "now " + moment.kind;
    $("now-kind").textContent = LABELS[moment.kind] + (moment.language ? " · " + moment.language : "");
    $("now-step").textContent = moment.step ? moment.step_label : "";
    $("now-step").title = moment.step || "";
    $("now-clock").textContent = clock(moment.offset);
    $("now-text").textContent = describe(moment);
    $("now-text").lang = moment.language || "en";
    $("progress").textContent = "moment " + (index + 1) + " of " + moments.length;
  }

  function speed() {
    return Number($("speed").value);
  }

  function speaks(moment) {
    return moment.kind === "prompt" && speed() === 1 && $("speak").checked && "speechSynthesis" in window;
  }

  function say(moment, done) {
    const utterance = new SpeechSynthesisUtterance(moment.text);
    utterance.lang = moment.language;
    let finished = false;
    const finish = () => { if (!finished) { finished = true; done(); } };
    utterance.onend = finish;
    utterance.onerror = finish;
    // Without a voice for the language the end may never be announced: the estimate decides.
    setTimeout(finish, moment.seconds * 1000 + 3000);
    window.speechSynthesis.speak(utterance);
  }

  function schedule() {
    const mine = ++generation;
    const moment = moments[index];
    const advance = () => { if (playing && mine === generation) { forward(); } };
    if (speaks(moment)) {
      say(moment, advance);
    } else {
      setTimeout(advance, Math.max(moment.seconds * 1000, SHORTEST_MS) / speed());
    }
  }

  function forward() {
    if (index + 1 >= moments.length) {
      stop();
      $("progress").textContent = "end of the call (" + moments.length + " moments)";
      return;
    }
    show(index + 1);
    if (playing) { schedule(); }
  }

  function setPlaying(value) {
    playing = value;
    buttons.play.disabled = value;
    buttons.pause.disabled = !value;
  }

  function stop() {
    setPlaying(false);
    generation++;
    if ("speechSynthesis" in window) { window.speechSynthesis.cancel(); }
  }

  buttons.play.addEventListener("click", () => {
    if (index + 1 >= moments.length) { index = -1; }
    setPlaying(true);
    forward();
  });
  buttons.pause.addEventListener("click", stop);
  buttons.next.addEventListener("click", () => {
    stop();
    forward();
    if (index >= 0 && speaks(moments[index])) { say(moments[index], () => {}); }
  });
  buttons.restart.addEventListener("click", () => { stop(); show(0); });
  rows.forEach((row, n) => row.addEventListener("click", () => { stop(); show(n); }));
})();
