// Almanac console, project page: follows a generation job over the project's server-sent events
// (the stream the API serves at /api/projects/{id}/events) instead of polling. Without JavaScript
// the page shows the job's state as it was when loaded, and a reload shows it again.
(function () {
  var box = document.getElementById('job');
  if (!box || !box.dataset.events || typeof EventSource === 'undefined') return;
  var jobId = box.dataset.events.split('job=')[1];
  var finished = { succeeded: true, failed: true, cancelled: true };
  var source = new EventSource(box.dataset.events);
  source.addEventListener('job', function (message) {
    var job = JSON.parse(message.data);
    // a finished job stays finished: a late event about an earlier state must not undo it
    if (job.job_id !== jobId || finished[box.dataset.status]) return;
    box.dataset.status = job.status;
    document.getElementById('job-status').textContent = job.status;
    document.getElementById('job-error').textContent = job.error || '';
    var attempts = document.getElementById('job-attempts');
    if (attempts && job.attempts) attempts.textContent = attempts.textContent.replace(/attempt \d+/, 'attempt ' + job.attempts);
    if (!finished[job.status]) return;
    source.close();
    var live = document.getElementById('job-live');
    if (live) live.hidden = true;
    if (job.status === 'succeeded') {
      document.getElementById('job-done').hidden = false;
      // the new entries, without reloading the page: the metadata table of a fresh render
      if (window.htmx) htmx.ajax('GET', window.location.pathname, { target: '#meta', select: '#meta', swap: 'outerHTML' });
    }
  });
})();
