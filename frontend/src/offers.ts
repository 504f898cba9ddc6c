// Entry of the offers page's script (built to static/assets/offers.js): its tables kept live.
import { startOffersPage } from './offersPage';

startOffersPage(document);
