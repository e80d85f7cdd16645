// The screen class the layout adapts to: phones (≤ 600 px wide) get the bottom tab bar and
// large-screen notices. Read `viewport.phone` inside a template or $derived to react to rotation.
const PHONE_QUERY = '(max-width: 600px)';

const query = window.matchMedia(PHONE_QUERY);
let phone = $state(query.matches);
query.addEventListener('change', (event) => {
  phone = event.matches;
});

export const viewport = {
  /** True at phone width. */
  get phone(): boolean {
    return phone;
  },
};
