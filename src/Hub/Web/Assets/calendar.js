// The calendar of the page's unit: the events are in the page (data-events), "today" is the hub's, not the browser's.
// The theme and the Vietnamese locale register themselves when their scripts load.
(function () {
  var el = document.getElementById('calendar');
  if (!el || !window.FullCalendar) { return; }
  var calendar = new FullCalendar.Calendar(el, {
    locale: 'vi',
    timeZone: 'Asia/Ho_Chi_Minh',
    now: el.dataset.today,
    initialDate: el.dataset.today,
    initialView: window.matchMedia('(max-width: 600px)').matches ? 'listMonth' : 'dayGridMonth',
    headerToolbar: { start: 'prev,next today', center: 'title', end: 'dayGridMonth,timeGridWeek,listMonth' },
    slotMinTime: '07:00:00',
    slotMaxTime: '18:00:00',
    weekends: true,
    height: 'auto',
    events: JSON.parse(el.dataset.events),
    // A refused day is coloured (see the legend); the table under the calendar gives the reasons in
    // text. A day's own label (its date alone) would hide the dialogues shown in it from screen
    // readers, so the cell is named by what it shows, under its column's weekday.
    dayCellDidMount: function (info) { info.el.removeAttribute('aria-label'); }
  });
  calendar.render();
})();
