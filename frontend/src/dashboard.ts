// Entry of the dashboard's script (built to static/assets/dashboard.js, with its CSS as dashboard.css).
import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import { startDashboard } from './page';

startDashboard(document);
