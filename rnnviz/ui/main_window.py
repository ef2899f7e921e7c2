"""The main window: canvas and timeline in the middle, state panel and editors in docks.

Built in steps like Qt for Python's application example: create_actions(), create_menus(),
create_tool_bars(), create_docks(), create_status_bar(), read_settings(). Every edit goes
through the QUndoStack as an EditCommand around an edit record.
"""

from __future__ import annotations

import math
import os
import re
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSlider,
    QSplitter,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.atomic import ReadOnlyTargetError
from ..core.edits import ReplaceLesson, ResizeHidden, SetEmbedding, SetTitle, SetTokens, SetWeight, randomized
from ..core.export import export_csv
from ..core.lesson import NONLINEARITIES, LessonError, load_lesson
from ..core.models import MODELS, SPECS
from ..resources import find_lesson, is_builtin_lesson
from ..session import MAX_WINDOW_TOKENS, Position, Session, check_window_length
from . import colors, errors, i18n
from .activations_panel import ActivationsPanel
from .canvas import CellDiagram
from .dialogs import GalleryDialog, HiddenSizeDialog, NewLessonDialog
from .editors import EmbeddingEditor, WeightEditor
from .equations_panel import EquationsPanel
from .errors import guarded
from .i18n import core_text, message_text
from .notes_panel import NotesPanel
from .state_panel import StatePanel
from .timeline import MemoryView, Timeline
from .whatif_panel import WhatIfPanel

CONTEXT = "MainWindow"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


#: Playback speeds as the time each phase stays on screen (ms); the slowest leaves time to narrate.
SPEEDS = (3000, 2000, 1500, 1000, 700, 450, 250, 120, 60)
PHASE_MS = 450  # the default
_OLD_SPEED_FACTORS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)  # what the "speed" setting's index meant before phase_ms
MAX_RECENT = 8


def lesson_filter() -> str:
    """The file dialogs' filter for lessons, in the window's language."""
    return _tr("rnnviz lessons (*.json);;All files (*)")


def csv_filters() -> tuple[str, str]:
    """(one row per number, one row per step): the trace export's two filters, in the window's language."""
    return _tr("Trace CSV, one row per number (*.csv)"), _tr("Trace CSV, one row per step (*.csv)")


def settings_scope() -> str:
    return os.environ.get("RNNVIZ_SETTINGS_SCOPE", "rnnviz")


def speed_label(milliseconds: int) -> str:
    """ "3 s / phase", "0.45 s / phase": playback speeds read as the time a phase stays on screen."""
    return _tr("{0} s / phase").format(f"{milliseconds / 1000:g}")


def nearest_speed(milliseconds: float) -> int:
    """Index of the offered speed closest to `milliseconds` per phase (on a log scale)."""
    return min(range(len(SPEEDS)), key=lambda k: abs(math.log(SPEEDS[k] / milliseconds)))


def platform_keys(key: QKeySequence.StandardKey) -> list[QKeySequence]:
    """Every key sequence this platform binds to a standard action (QKeySequence(key) gives only the first)."""
    return QKeySequence.keyBindings(key)


def unique_shortcuts(*sequences) -> list[QKeySequence]:
    """The key sequences in order without repeats: a sequence bound twice is ambiguous and fires nothing."""
    seen, unique = set(), []
    for sequence in sequences:
        sequence = QKeySequence(sequence)
        key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
        if key and key not in seen:
            seen.add(key)
            unique.append(sequence)
    return unique


class EditCommand(QUndoCommand):
    """Adapter from an edit record to Qt's undo stack; edits of one cell merge into one step."""

    def __init__(self, session: Session, edit, inverse):
        super().__init__(edit.text)
        self.session = session
        self.edit = edit
        self.inverse = inverse
        self._pushed = False

    # Qt calls redo() and undo(); an exception escaping them would take the process down.
    # Session.apply changes nothing when it fails, so a failed command is made obsolete:
    # the stack drops it and the lesson stays as it was.
    def redo(self) -> None:
        try:
            inverse = self.session.apply(self.edit)
        except Exception as error:  # noqa: BLE001
            errors.report(error, f"“{self.text()}”")
            self.setObsolete(True)
            return
        if not self._pushed:  # the first redo happens inside push(): keep the inverse computed then
            self._pushed = True
        else:
            self.inverse = inverse

    def undo(self) -> None:
        try:
            self.session.apply(self.inverse)
        except Exception as error:  # noqa: BLE001
            errors.report(error, f"undoing “{self.text()}”")
            self.setObsolete(True)

    def id(self) -> int:
        return 1 if isinstance(self.edit, (SetWeight, SetEmbedding)) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, EditCommand) and self.edit.merge(other.edit):
            self.edit = other.edit  # keep our inverse: undo returns to the value before the first edit
            return True
        return False


class _NavigationKeys(QObject):
    """In a table, arrow keys, Home, End and Space move the cell cursor instead of the playhead."""

    KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Space}

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and Qt.Key(event.key()) in self.KEYS:
            event.accept()  # the table gets the key press; window shortcuts stay out
        return False


_KEEP_NAVIGATION_KEYS = _NavigationKeys()


class MainWindow(QMainWindow):
    """rnnviz's window around a Session."""

    def __init__(self, session: Session, builtin: bool = False):
        super().__init__()
        self.session = session
        self.builtin = builtin  # the built-in lesson is never written over
        self.untitled = False  # an imported or new lesson that has not been saved yet
        self.untitled_note = "imported"  # what the window title says about it: "imported" or "new"
        self.playhead = session.playhead
        self.undo_stack = QUndoStack(self)
        self.settings = QSettings("rnnviz", settings_scope())
        self._translated = False  # retranslate() waits until every widget it names exists
        self.install_saved_language()
        self.play_timer = QTimer(self)
        self.play_timer.timeout.connect(self._on_play_tick)
        self.ask_unsaved = self._ask_unsaved  # replaced in tests
        self.ask_replace_readonly = self._ask_replace_readonly  # replaced in tests
        self.ask_new_lesson = self._ask_new_lesson  # replaced in tests: returns a Lesson or None
        self.ask_hidden_size = self._ask_hidden_size  # replaced in tests: (hidden size, seed) or None
        self.ask_training = self._ask_training  # replaced in tests: "keep", "stop" or "cancel"
        self.train_view = None  # the Train view, made when first asked for (Ctrl+T)
        self.setDockNestingEnabled(True)
        self.create_widgets()
        self._before_presentation = None  # (window state, full screen, maximized) while presenting
        self.create_actions()
        self.create_menus()
        self.create_tool_bars()
        self.create_docks()
        self.create_status_bar()
        self._translated = True
        self.retranslate(views=False)  # the views show the lesson when they are added below
        self.read_settings()
        session.on_view_error = lambda error, where: errors.report(error, where)
        # _WarningClearer first: a warning left from before a change goes, one raised during it stays
        for view in (_WarningClearer(self), self.canvas, self.state_panel, self.timeline, self.memory_view,
                     self.whatif_panel, _WhatIfBanner(self), self.notes_panel, self.equations_panel,
                     self.activations_panel, _TransportView(self)):  # fmt: skip
            session.add_view(view)
        session.subscribe(self._on_lesson_changed)
        theme = self.settings.value("theme")
        if theme in colors.THEMES and theme != colors.theme():
            self.set_theme(theme)  # the theme chosen last time
        self.undo_stack.cleanChanged.connect(self._update_title)
        self._on_lesson_changed()
        self.canvas.setFocus()
        errors.set_sink(self.show_error)

    # -- construction ---------------------------------------------------------------------
    def create_widgets(self) -> None:
        self.canvas = CellDiagram()
        self.canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.timeline = Timeline()
        self.timeline.sig_step_clicked.connect(lambda step: self._go(Position(step)))
        self.timeline.sig_unit_clicked.connect(guarded("selecting a unit")(self.session.select_unit))
        self.timeline.sig_token_followed.connect(guarded("following a token")(self.session.follow_token))
        self.memory_view = MemoryView(self.timeline)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.canvas)
        splitter.addWidget(self.timeline)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 190])
        # over the diagrams while a what-if override is on: it is not the lesson's weights
        self.whatif_banner = QLabel()
        self.whatif_banner.setObjectName("what-if banner")
        self.whatif_banner.setStyleSheet("QLabel { background: #e67e22; color: white; font-weight: bold; "
                                         "padding: 3px 8px; }")  # fmt: skip
        self.whatif_banner.setWordWrap(True)
        self.whatif_banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.whatif_banner)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.whatif_panel = WhatIfPanel()
        self.whatif_panel.sig_rejected.connect(self.show_error)
        self.notes_panel = NotesPanel()
        self.equations_panel = EquationsPanel()
        self.activations_panel = ActivationsPanel()
        self.state_panel = StatePanel()
        self.weight_editor = WeightEditor()
        self.embedding_editor = EmbeddingEditor()
        for editor in (self.weight_editor, self.embedding_editor):
            editor.sig_edit_requested.connect(self.push_edit)
            editor.sig_rejected.connect(self.show_error)
            editor.table.installEventFilter(_KEEP_NAVIGATION_KEYS)

    def _action(self, name: str, slot, shortcut=None, icon=None) -> QAction:
        """A window action; `name` is its English text, kept as its object name and as where an error in it
        happened; retranslate() gives it its text and tips. `shortcut` is one key sequence or a list of
        them (the first is the one shown)."""
        action = QAction(self)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        shortcuts = unique_shortcuts(*(shortcut if isinstance(shortcut, list) else [shortcut] if shortcut else []))
        if shortcuts:
            action.setShortcuts(shortcuts)
        action.triggered.connect(guarded(f"“{name.replace('&', '')}”")(lambda *_: slot()))
        action.setObjectName(name)
        self.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

    @staticmethod
    def _set_texts(action: QAction, text: str, tip: str = "") -> None:
        """An action's text, status tip and tooltip (the tip and the first shortcut)."""
        tip = tip or text
        action.setText(text)
        action.setStatusTip(tip)
        shortcuts = action.shortcuts()
        action.setToolTip(_tr("{0} ({1})").format(tip, shortcuts[0].toString()) if shortcuts else tip)

    def create_actions(self) -> None:
        SP = QStyle.StandardPixmap
        K = QKeySequence.StandardKey
        self.new_action = self._action("&New lesson…", self.new_lesson, K.New)
        self.open_action = self._action("&Open lesson…", self.open_lesson, K.Open)
        self.gallery_action = self._action("&Gallery of lessons…", self.open_gallery, "Ctrl+G")
        self.save_action = self._action("&Save", self.save, K.Save)
        self.save_as_action = self._action("Save &as…", self.save_as, K.SaveAs)
        self.export_csv_action = self._action("Export trace as &CSV…", self.export_trace)
        self.export_png_action = self._action("Export canvas as &PNG…", lambda: self.export_canvas("png"))
        self.export_svg_action = self._action("Export canvas as S&VG…", lambda: self.export_canvas("svg"))
        self.import_action = self._action("&Import trained weights…", self.import_trained, "Ctrl+I")
        self.quit_action = self._action("&Quit", self.close, K.Quit)
        self.undo_action = self._action("&Undo", self.undo_stack.undo, ["Ctrl+Z", *platform_keys(K.Undo)])
        # Both usual redo keys on every platform; the platform's own binding may repeat one of them
        # (GNOME and KDE bind Ctrl+Shift+Z), and a key bound twice is ambiguous and does nothing.
        self.redo_action = self._action("&Redo", self.undo_stack.redo,
                                        ["Ctrl+Shift+Z", "Ctrl+Y", *platform_keys(K.Redo)])  # fmt: skip
        self.undo_action.setEnabled(self.undo_stack.canUndo())
        self.redo_action.setEnabled(self.undo_stack.canRedo())
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(self._update_undo_texts)
        self.undo_stack.redoTextChanged.connect(self._update_undo_texts)
        self.randomize_action = self._action("Randomize &weights…", self.randomize_weights)
        self.revert_action = self._action("Re&vert to saved", self.revert_to_saved)
        self.title_action = self._action("Lesson &title…", self.edit_title)
        self.resize_action = self._action("Change &hidden size…", self.change_hidden_size)
        self.model_actions: dict[str, QAction] = {}
        for number, model in enumerate(MODELS, start=1):  # View > Models; Ctrl+1..3 also while presenting
            action = QAction(self)
            action.setCheckable(True)
            action.setObjectName(f"show {model}")
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            self.addAction(action)  # the shortcut works with the menus hidden (presentation mode)
            toggled = guarded("choosing the models shown")(lambda on, m=model: self._on_model_toggled(m, on))
            action.toggled.connect(toggled)
            self.model_actions[model] = action
        self.reset_action = self._action("Reset", self.playhead.reset, "Home", SP.SP_MediaSkipBackward)
        # Page Up / Page Down: what a presenter's clicker sends
        self.back_action = self._action("Step back", self.playhead.step_back, ["Left", "PgUp"],
                                        SP.SP_MediaSeekBackward)  # fmt: skip
        self.phase_back_action = self._action("Phase back", self.playhead.phase_back, "Shift+Left", SP.SP_ArrowLeft)
        self.play_action = self._action("Play", self.toggle_play, "Space", SP.SP_MediaPlay)
        self.phase_forward_action = self._action("Phase forward", self.playhead.phase_forward, "Shift+Right",
                                                 SP.SP_ArrowRight)  # fmt: skip
        self.forward_action = self._action("Step forward", self.playhead.step_forward, ["Right", "PgDown"],
                                           SP.SP_MediaSeekForward)  # fmt: skip
        self.end_action = self._action("End", self.playhead.to_end, "End", SP.SP_MediaSkipForward)
        self.backward_action = self._action("Backward", self.playhead.run_backward, "Ctrl+B", SP.SP_BrowserReload)
        self.zoom_in_action = self._action("Zoom &in", lambda: self.canvas.zoom_in(), [K.ZoomIn, "Ctrl+="])
        self.zoom_out_action = self._action("Zoom &out", lambda: self.canvas.zoom_out(), K.ZoomOut)
        self.zoom_reset_action = self._action("&Fit the diagrams", lambda: self.canvas.set_zoom(1.0), "Ctrl+0")
        self.presentation_action = self._action("&Presentation mode", lambda: None, "F11")
        self.presentation_action.setCheckable(True)
        self.presentation_action.triggered.disconnect()
        self.presentation_action.toggled.connect(guarded("presentation mode")(self.set_presentation))
        self.about_action = self._action("&About rnnviz", self.about)
        self.train_action = self._action("&Train models…", self.show_train_view, "Ctrl+T", SP.SP_ComputerIcon)

    def create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu("")  # every menu's title: retranslate()
        file_menu.addActions([self.new_action, self.open_action, self.gallery_action])
        self.recent_menu = file_menu.addMenu("")
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addActions([self.export_csv_action, self.export_png_action, self.export_svg_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.edit_menu = edit_menu = bar.addMenu("")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.randomize_action, self.revert_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.title_action, self.resize_action])
        self.play_menu = play_menu = bar.addMenu("")
        play_menu.addActions([self.play_action, self.reset_action, self.back_action, self.phase_back_action,
                              self.phase_forward_action, self.forward_action, self.end_action])  # fmt: skip
        play_menu.addSeparator()
        play_menu.addAction(self.backward_action)
        play_menu.addSeparator()
        play_menu.addAction(self.train_action)
        self.view_menu = bar.addMenu("")
        self.models_menu = self.view_menu.addMenu("")
        self.models_menu.addActions(list(self.model_actions.values()))
        self.view_menu.addAction(self.timeline.heatmap_action)
        self.memory_menu = self.view_menu.addMenu("")
        self._memory_group = QActionGroup(self.memory_menu)  # one group, refilled each time
        self.memory_menu.aboutToShow.connect(guarded("listing the tokens")(self._fill_memory_menu))
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action])
        self.view_menu.addAction(self.presentation_action)
        self.create_language_menu()
        self.create_theme_menu()
        self.view_menu.addSeparator()
        self.help_menu = help_menu = bar.addMenu("")
        help_menu.addAction(self.about_action)

    def create_language_menu(self) -> None:
        """View > Language: every language rnnviz has, each named in its own language (never translated)."""
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.setObjectName("language menu")
        self._language_group = QActionGroup(self.language_menu)  # exclusive: one language at a time
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = self.language_menu.addAction(name)
            action.setObjectName(f"language {code}")
            action.setCheckable(True)
            action.setActionGroup(self._language_group)
            action.triggered.connect(guarded("choosing the language")(lambda _=False, c=code: self.set_language(c)))
            self.language_actions[code] = action
        self._check_language()

    def create_theme_menu(self) -> None:
        """View > Theme: light (the default) or dark; the names are set in retranslate()."""
        self.theme_menu = self.view_menu.addMenu("")
        self.theme_menu.setObjectName("theme menu")
        self._theme_group = QActionGroup(self.theme_menu)
        self.theme_actions: dict[str, QAction] = {}
        for name in colors.THEMES:
            action = self.theme_menu.addAction("")
            action.setObjectName(f"theme {name}")
            action.setCheckable(True)
            action.setActionGroup(self._theme_group)
            action.setChecked(name == colors.theme())
            action.triggered.connect(guarded("choosing the theme")(lambda _=False, n=name: self.set_theme(n)))
            self.theme_actions[name] = action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def create_tool_bars(self) -> None:
        self.tokens_bar = tokens_bar = QToolBar()
        tokens_bar.setObjectName("tokens toolbar")
        self.tokens_caption = QLabel()
        tokens_bar.addWidget(self.tokens_caption)
        self.token_field = QLineEdit()
        self.token_field.setMinimumWidth(260)
        self.token_field.returnPressed.connect(self.apply_tokens)
        # Escape gives up the typing: the field reads the lesson's tokens again
        self.token_escape_action = QAction(self.token_field)
        self.token_escape_action.setObjectName("restore tokens")
        self.token_escape_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.token_escape_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.token_escape_action.triggered.connect(guarded("restoring the tokens")(lambda *_: self.restore_tokens()))
        self.token_field.addAction(self.token_escape_action)
        tokens_bar.addWidget(self.token_field)
        self.addToolBar(tokens_bar)
        self.transport_bar = transport = QToolBar()
        transport.setObjectName("playback toolbar")
        self.buttons = {}  # by the English name of the button's action (tests use it); names shown: its text
        for action, name in ((self.reset_action, "Reset"), (self.back_action, "Step back"),
                             (self.phase_back_action, "Phase back"), (self.play_action, "Play"),
                             (self.phase_forward_action, "Phase forward"), (self.forward_action, "Step forward"),
                             (self.end_action, "End"), (self.backward_action, "Backward"),
                             (self.train_action, "Train")):  # fmt: skip
            self.buttons[name] = self._button(action)
            transport.addWidget(self.buttons[name])
        self.play_button = self.buttons["Play"]
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimumWidth(160)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(lambda step: self._go(Position(step)))
        transport.addWidget(self.slider)
        self.speed_caption = QLabel()
        transport.addWidget(self.speed_caption)
        self.speed_box = QComboBox()
        for milliseconds in SPEEDS:
            self.speed_box.addItem(speed_label(milliseconds), milliseconds)
        self.speed_box.setCurrentIndex(SPEEDS.index(PHASE_MS))
        self.speed_box.currentIndexChanged.connect(self._update_speed)
        transport.addWidget(self.speed_box)
        # F11 for the mouse: the button is on the toolbar only while presenting (the menus are hidden then)
        self.presentation_button = self._button(self.presentation_action)
        self.leave_presentation_button = transport.addWidget(self.presentation_button)
        self.leave_presentation_button.setVisible(False)
        self._transport_icons = transport.iconSize()
        self.addToolBarBreak()
        self.addToolBar(transport)
        self._update_speed()

    def create_docks(self) -> None:
        docks = []
        for widget, name in ((self.state_panel, "state dock"), (self.weight_editor, "weights dock"),
                             (self.embedding_editor, "embeddings dock"), (self.whatif_panel, "what-if dock"),
                             (self.notes_panel, "notes dock"), (self.equations_panel, "equations dock"),
                             (self.activations_panel, "activations dock")):  # fmt: skip
            dock = QDockWidget(self)  # its title: retranslate()
            dock.setObjectName(name)
            dock.setWidget(widget)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.view_menu.addAction(dock.toggleViewAction())
            docks.append(dock)
        self.tabifyDockWidget(docks[0], docks[1])
        self.tabifyDockWidget(docks[1], docks[2])
        self.tabifyDockWidget(docks[2], docks[3])
        # the equations and the notes under the tables: what a class reads beside the diagrams
        self.tabifyDockWidget(docks[5], docks[4])
        self.tabifyDockWidget(docks[4], docks[6])
        docks[0].raise_()
        docks[5].raise_()
        self.docks = docks
        self.resizeDocks([docks[0]], [400], Qt.Orientation.Horizontal)
        self.resizeDocks([docks[0], docks[5]], [3, 2], Qt.Orientation.Vertical)
        for dock in docks:  # a tab's view that waited behind another tab catches up when it comes to the front
            in_front = getattr(dock.widget(), "set_in_front", None)
            if in_front is not None:
                dock.visibilityChanged.connect(in_front)
        self._editor_shown = {self.weight_editor: False, self.embedding_editor: False}
        for dock, editor in zip(docks[1:3], (self.weight_editor, self.embedding_editor), strict=True):
            # an editor fills in when its tab is first shown, not at start-up
            dock.visibilityChanged.connect(lambda shown, e=editor: self._on_editor_shown(e, shown))

    def _fit_state_dock(self) -> None:
        """Widen the state dock to show every unit's column (H = 8 fits a 1920-px screen), up to 36% of
        the window, so the diagrams keep most of it; a dock the user made wider stays as it is.
        Done once the window is shown (before that, widths mean nothing)."""
        H = self.session.lesson.hidden_size
        if not self.isVisible() or getattr(self, "_dock_fitted_for", None) == H:
            return
        self._dock_fitted_for = H
        width = min(self.state_panel.needed_width(), int(0.36 * self.width()))
        if self.docks[0].width() < width:
            self.resizeDocks([self.docks[0]], [width], Qt.Orientation.Horizontal)

    def create_status_bar(self) -> None:
        self.training_label = QLabel()  # while a run trains: its step and losses (the Train view may be hidden)
        self.training_label.hide()
        self.statusBar().addPermanentWidget(self.training_label)
        self.position_label = QLabel()
        self.statusBar().addPermanentWidget(self.position_label)

    def _size_position_label(self) -> None:
        """A fixed size for the status bar's changing lines, once per language: a label whose size
        can change asks the window to lay itself out again whenever its text changes, and
        QMainWindow then re-lays (and animates) every dock on every step or training poll.
        Sized again for each lesson and choice of models: room for a tall line (tokens in CJK or
        emoji) and for the longest line the lesson has (its widest token with every phase name
        and the backward pass), up to 60 % of the window; a longer line is elided
        (set_status_line), its whole text in the tooltip."""
        session = self.session
        tokens = session.lesson.tokens[:MAX_WINDOW_TOKENS]
        # an edit of weights or embeddings shows the lesson again with the same lines: nothing to measure
        key = (tokens, tuple(self.playhead.stages), i18n.current_language(), self.width())
        if key == getattr(self, "_position_label_key", None):
            return
        self._position_label_key = key
        label = self.position_label
        label.setMinimumSize(0, 0)
        label.setMaximumSize(16777215, 16777215)
        metrics = label.fontMetrics()
        lines = [_tr("t = {0} / {1}   “{2}”   phase: {3}").format(0, 0, "我爱 Ág", core_text("input gate & candidate"))]
        if tokens:
            step = 1 + max(range(len(tokens)), key=lambda k: metrics.horizontalAdvance(tokens[k]))
            lines += [_position_line(session, Position(step, stage)) for stage in self.playhead.stages]
            lines.append(_position_line(session, Position(step, backward=True)))
        label.setText(lines[0])  # the tall sample: the height
        height = label.sizeHint().height()
        margin = 2 * metrics.averageCharWidth() + label.contentsMargins().left() + label.contentsMargins().right()
        width = max(metrics.horizontalAdvance(line) for line in lines) + margin
        label.setFixedSize(min(width, max(300, int(0.6 * self.width()))), height)
        self.training_label.setFixedSize(max(300, int(0.45 * self.width())), height)

    # -- languages ------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            guarded("changing the language")(self.retranslate)()
        super().changeEvent(event)

    def retranslate(self, views: bool = True) -> None:
        """Every fixed text of the window in the application's language (__init__ sets them here too),
        then, with `views`, the lesson and the position shown again by every view (each translates what
        it draws). Nothing is reloaded: the lesson, its edits and the undo history stay as they are."""
        if not getattr(self, "_translated", False):  # a LanguageChange before the window is built
            return
        for action, text, tip in (
            (self.new_action, _tr("&New lesson…"), _tr("Start a lesson from tokens, models and sizes you choose")),
            (self.open_action, _tr("&Open lesson…"), _tr("Open a lesson file")),
            (self.gallery_action, _tr("&Gallery of lessons…"), _tr("The built-in lessons, each with its notes")),
            (self.save_action, _tr("&Save"), _tr("Save the lesson")),
            (self.save_as_action, _tr("Save &as…"), _tr("Save the lesson under a new name")),
            (self.export_csv_action, _tr("Export trace as &CSV…"),
             _tr("Write every model's trace as CSV (same as rnnviz export)")),
            (self.export_png_action, _tr("Export canvas as &PNG…"), _tr("Save the cell diagram as a PNG image")),
            (self.export_svg_action, _tr("Export canvas as S&VG…"), _tr("Save the cell diagram as an SVG drawing")),
            (self.import_action, _tr("&Import trained weights…"),
             _tr("Open an RNN/LSTM/GRU layer from a PyTorch or Keras file")),
            (self.quit_action, _tr("&Quit"), _tr("Quit rnnviz")),
            (self.randomize_action, _tr("Randomize &weights…"), _tr("Draw new weights from a seed (undoable)")),
            (self.revert_action, _tr("Re&vert to saved"), _tr("Go back to the lesson as last saved (undoable)")),
            (self.title_action, _tr("Lesson &title…"), _tr("Rename the lesson (undoable)")),
            (self.resize_action, _tr("Change &hidden size…"),
             _tr("Give every model another number of hidden units (undoable)")),
            (self.reset_action, _tr("Reset"), _tr("Back to the start")),
            (self.back_action, _tr("Step back"), _tr("Previous timestep")),
            (self.phase_back_action, _tr("Phase back"), _tr("Previous phase of the timestep")),
            (self.play_action, _tr("Play"), _tr("Play or pause")),
            (self.phase_forward_action, _tr("Phase forward"), _tr("Next phase of the timestep")),
            (self.forward_action, _tr("Step forward"), _tr("Next timestep")),
            (self.end_action, _tr("End"), _tr("Jump to the last timestep")),
            (self.backward_action, _tr("Backward"), _tr("Run the gradient back through time, from h(T) to h(0)")),
            (self.zoom_in_action, _tr("Zoom &in"), _tr("Zoom the diagrams in")),
            (self.zoom_out_action, _tr("Zoom &out"), _tr("Zoom the diagrams out")),
            (self.zoom_reset_action, _tr("&Fit the diagrams"), _tr("Fit the diagrams to the window")),
            (self.presentation_action, _tr("&Presentation mode"),
             _tr("Only the diagrams, the controls, the equations and the notes")),
            (self.about_action, _tr("&About rnnviz"), _tr("About rnnviz")),
            (self.train_action, _tr("&Train models…"),
             _tr("Train a SimpleRNN, an LSTM and a GRU side by side on a task, and watch them learn (or not)")),
        ):  # fmt: skip
            self._set_texts(action, text, tip)
        self._update_undo_texts()
        for model, action in self.model_actions.items():
            title = core_text(SPECS[model].title)
            action.setText(title)
            action.setStatusTip(_tr("Show the {0} next to the others").format(title))
        for menu, title in ((self.file_menu, _tr("&File")), (self.recent_menu, _tr("Open &recent")),
                            (self.edit_menu, _tr("&Edit")), (self.play_menu, _tr("&Play")),
                            (self.view_menu, _tr("&View")), (self.models_menu, _tr("&Models")),
                            (self.memory_menu, _tr("Memory plot &follows")), (self.language_menu, _tr("&Language")),
                            (self.theme_menu, _tr("&Theme")), (self.help_menu, _tr("&Help"))):  # fmt: skip
            menu.setTitle(title)
        self.memory_menu.setStatusTip(_tr("Which token the memory plot follows through the later steps"))
        self.language_menu.setStatusTip(_tr("The language of the window"))
        self.theme_actions["light"].setText(_tr("&Light"))
        self.theme_actions["dark"].setText(_tr("&Dark"))
        self._check_language()
        self.tokens_bar.setWindowTitle(_tr("Tokens"))
        self.tokens_caption.setText(_tr(" Tokens: "))
        self.token_field.setAccessibleName(_tr("Input tokens"))
        self.token_field.setToolTip(_tr("The input sentence: tokens separated by spaces. Enter applies."))
        self.token_field.setPlaceholderText(_tr("Type tokens separated by spaces, then press Enter"))
        self.token_escape_action.setText(_tr("Restore tokens"))
        self.transport_bar.setWindowTitle(_tr("Playback"))
        for button in self.buttons.values():  # Play's name follows its look (_set_play_look)
            button.setAccessibleName(button.defaultAction().text().replace("&", ""))
        self.presentation_button.setAccessibleName(_tr("Presentation"))
        self.slider.setAccessibleName(_tr("Timestep"))
        self.slider.setToolTip(_tr("Scrub through the timesteps"))
        self.speed_caption.setText(_tr(" Speed: "))
        self.speed_box.setAccessibleName(_tr("Speed"))
        self.speed_box.setToolTip(_tr("Playback speed: how long each phase stays on screen"))
        for index, milliseconds in enumerate(SPEEDS):
            self.speed_box.setItemText(index, speed_label(milliseconds))
        self._fit_play_button()
        titles = (_tr("Model state"), _tr("Weights"), _tr("Embeddings"), _tr("What if"), _tr("Notes"),
                  _tr("Equations"), _tr("Activations"))  # fmt: skip
        for dock, title in zip(self.docks, titles, strict=True):  # in create_docks' order
            dock.setWindowTitle(title)
        self.whatif_banner.setAccessibleName(_tr("What-if overrides in force"))
        self.position_label.setAccessibleName(_tr("Position"))
        self._size_position_label()
        self._rebuild_recent_menu()
        self._update_title()
        if views:
            self.session._lesson_changed()  # every view shows the lesson and the position again, translated

    def _update_undo_texts(self) -> None:
        """Edit > Undo and Redo name the edit they undo or redo (the core's name for it, translated)."""
        undo, redo = self.undo_stack.undoText(), self.undo_stack.redoText()
        self.undo_action.setText(_tr("&Undo {0}").format(_edit_name(undo)) if undo else _tr("&Undo"))
        self.redo_action.setText(_tr("&Redo {0}").format(_edit_name(redo)) if redo else _tr("&Redo"))

    def install_saved_language(self) -> str:
        """At start-up: the language chosen in View > Language, else the system's; returns the one in force
        (English when the translation is missing)."""
        saved = self.settings.value("language")
        language = saved if isinstance(saved, str) and saved in i18n.LANGUAGES else i18n.system_language()
        if language != i18n.current_language():  # installing it again would retranslate every window
            return i18n.install(language)
        return language

    def set_theme(self, name: str) -> str:
        """View > Theme: light or dark. The colours change in place, the application's palette
        follows, and each drawn view builds what it shows again; remembered for the next start."""
        name = colors.set_theme(name)
        for view in (self.canvas, self.timeline, self.activations_panel, self.state_panel, self.train_view):
            if view is not None:
                view.apply_theme()  # what each keeps of the old colours: pens, brushes, built items
        self.session._lesson_changed()  # then every view draws the lesson again, in the new colours
        self.settings.setValue("theme", name)
        for key, action in self.theme_actions.items():
            action.setChecked(key == name)
        return name

    def set_language(self, language: str) -> str:
        """View > Language: put a language in force and remember it. Qt tells every widget, and each sets
        its texts again (nothing is reloaded: unsaved edits stay). Returns the language now in force."""
        in_force = i18n.install(language)
        self.settings.setValue("language", language)
        self._check_language()
        if in_force != language:
            name = i18n.LANGUAGES.get(language, language)
            self.statusBar().showMessage(
                _tr("No {0} translation is installed; the window is shown in English.").format(name), 8000
            )
        return in_force

    def _check_language(self) -> None:
        action = self.language_actions.get(i18n.current_language())
        if action is not None and not action.isChecked():
            action.setChecked(True)

    def read_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._first_run_geometry()
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)
        self.speed_box.setCurrentIndex(self._saved_speed())
        self._rebuild_recent_menu()

    def _saved_speed(self) -> int:
        """The speed box index of the saved phase time (or of the older "speed" setting, a 1×-style factor)."""
        try:
            milliseconds = self.settings.value("phase_ms")
            if milliseconds is not None and float(milliseconds) > 0:
                return nearest_speed(float(milliseconds))
            old = self.settings.value("speed")
            if old is not None and 0 <= int(old) < len(_OLD_SPEED_FACTORS):
                return nearest_speed(PHASE_MS / _OLD_SPEED_FACTORS[int(old)])
        except (TypeError, ValueError):  # a setting edited by hand: keep the default
            pass
        return SPEEDS.index(PHASE_MS)

    def _first_run_geometry(self) -> None:
        """Fill a laptop or projector screen (1366x768 and up); on a big screen at least 1600x900 or 90% of it."""
        screen = self.screen().availableGeometry()
        width = max(min(1600, screen.width()), int(0.9 * screen.width()))
        height = max(min(900, screen.height()), int(0.9 * screen.height()))
        self.resize(width, height)
        self.move(screen.x() + (screen.width() - width) // 2, screen.y() + (screen.height() - height) // 2)

    def write_settings(self) -> None:
        if self.presenting:
            self.set_presentation(False)  # remember the working layout, not the projector's
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.setValue("phase_ms", self.speed_box.currentData())
        self.settings.remove("speed")  # the older setting, now read only once
        self.settings.sync()

    # -- reacting to the model ------------------------------------------------------------
    def _on_lesson_changed(self) -> None:
        """After the views (registered with the session) have followed the new lesson."""
        guarded("updating the editors")(self._update_editors)()
        guarded("updating View > Models")(self._update_model_actions)()
        guarded("sizing the state panel")(self._fit_state_dock)()
        self._update_title()

    def _on_editor_shown(self, editor, shown: bool) -> None:
        self._editor_shown[editor] = shown
        self._update_editors()

    def _update_editors(self) -> None:
        """Editors only follow the lesson while they can be seen."""
        for editor, shown in self._editor_shown.items():
            if shown and editor.lesson is not self.session.lesson:
                editor.set_lesson(self.session.lesson)

    def _fill_memory_menu(self) -> None:
        """View > Memory plot follows: one entry per token, the followed one checked."""
        group = self._memory_group
        for action in group.actions():
            group.removeAction(action)
        self.memory_menu.clear()
        for step, token in enumerate(self.session.lesson.tokens, start=1):
            action = self.memory_menu.addAction(_tr("t = {0}   “{1}”").format(step, token[:24]))
            action.setCheckable(True)
            action.setChecked(step == self.session.memory_token)
            action.setActionGroup(group)
            action.triggered.connect(guarded("following a token")(lambda _=False, k=step: self.session.follow_token(k)))

    def _update_model_actions(self) -> None:
        """View > Models: a model the lesson lacks cannot be chosen; the shown ones are checked."""
        for model, action in self.model_actions.items():
            action.blockSignals(True)
            action.setEnabled(model in self.session.lesson.models)
            action.setChecked(model in self.session.shown_models)
            action.blockSignals(False)

    def _on_model_toggled(self, model: str, checked: bool) -> None:
        chosen = [m for m, action in self.model_actions.items() if action.isChecked() and action.isEnabled()]
        if not chosen:  # the last one shown stays
            self._update_model_actions()
            self.show_error(_tr("At least one model is shown; {0} stays").format(core_text(SPECS[model].title)))
            return
        # models this lesson lacks keep their choice for the next lesson that has them
        lacking = [m for m in self.session.wanted_models if m not in self.session.lesson.models]
        self.session.show_models(chosen + lacking)

    def _update_title(self) -> None:
        if self.untitled:
            name = {"new": _tr("new, not saved yet"), "trained": _tr("trained, not saved yet")}.get(
                self.untitled_note, _tr("imported, not saved yet"))
        elif self.builtin or self.session.path is None:
            name = _tr("built-in lesson")
        else:
            name = self.session.path.name
        session = self.session  # the lesson's own title is not translated; the stand-in for none is
        title = session.lesson.title or (session.path.stem if session.path else _tr("Untitled lesson"))
        self.setWindowTitle(_tr("{0} — {1}[*] — rnnviz").format(title, name))
        self.setWindowModified(self.has_unsaved_edits)

    @property
    def has_unsaved_edits(self) -> bool:
        return self.untitled or not self.undo_stack.isClean()

    # -- presentation mode ----------------------------------------------------------------
    PRESENTATION_ZOOM = 5  # points more for the equations and the notes
    PRESENTATION_FONT_PT = 14  # the controls' text

    @property
    def presenting(self) -> bool:
        return self._before_presentation is not None

    def set_presentation(self, on: bool) -> None:
        """F11: for a projector, only the diagrams, the controls, the equations and the notes,
        full screen, with large text and thick lines; F11 again puts everything back."""
        if on == self.presenting:
            return
        if on:
            self._before_presentation = (self.saveState(), self.isFullScreen(), self.isMaximized())
            for dock in self.docks:
                dock.setVisible(dock in (self.docks[4], self.docks[5]))
            self.docks[5].raise_()
            for widget in (self.tokens_bar, self.timeline, self.menuBar(), self.statusBar()):
                widget.hide()
            for panel in (self.equations_panel, self.notes_panel):
                panel.zoomIn(self.PRESENTATION_ZOOM)
            self._style_transport(presenting=True)
            self.canvas.set_presentation(True)
            self.showFullScreen()
            width = self.screen().availableGeometry().width() if self.screen() is not None else self.width()
            self.resizeDocks([self.docks[5]], [int(width * 0.3)], Qt.Orientation.Horizontal)
        else:
            state, full_screen, maximized = self._before_presentation
            self._before_presentation = None
            self.restoreState(state)
            for widget in (self.tokens_bar, self.timeline, self.menuBar(), self.statusBar()):
                widget.show()
            for panel in (self.equations_panel, self.notes_panel):
                panel.zoomOut(self.PRESENTATION_ZOOM)
            self._style_transport(presenting=False)
            self.canvas.set_presentation(False)
            if maximized:
                self.showMaximized()
            elif not full_screen:
                self.showNormal()
        self.presentation_action.setChecked(on)
        self.canvas.setFocus()

    def _style_transport(self, presenting: bool) -> None:
        """Presenting: large icons with their names under them, and no slider or speed box (the
        keys and a clicker step; Play keeps the speed chosen before)."""
        bar = self.transport_bar
        bar.setStyleSheet(f"QToolButton {{ font-size: {self.PRESENTATION_FONT_PT}pt; }}" if presenting else "")
        bar.setIconSize(QSize(32, 32) if presenting else self._transport_icons)
        styles = Qt.ToolButtonStyle
        style = styles.ToolButtonTextUnderIcon if presenting else styles.ToolButtonTextBesideIcon
        for button in (*self.buttons.values(), self.presentation_button):
            button.setToolButtonStyle(style)
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if widget in (self.slider, self.speed_box) or isinstance(widget, QLabel):
                action.setVisible(not presenting)
        self.leave_presentation_button.setVisible(presenting)
        self._fit_play_button()

    def _fit_play_button(self) -> None:
        """As wide as "Play" and "Pause" both need (in this language, at this size), so the buttons
        after it do not move when it toggles."""
        self.play_button.setMinimumWidth(0)
        self.play_button.setMaximumWidth(16777215)
        widths = []
        for playing in (True, False):
            self._set_play_look(playing)
            widths.append(self.play_button.sizeHint().width())
        self._set_play_look(self.playing)
        self.play_button.setFixedWidth(max(widths))

    # -- playback -------------------------------------------------------------------------
    def _go(self, position: Position) -> None:
        self.playhead.move_to(position)

    def toggle_play(self) -> None:
        if self.play_timer.isActive():
            self.pause()
        else:
            if self.playhead.at_end:
                self.playhead.reset()
            self.play_timer.start()
            self._set_play_look(playing=True)

    def pause(self) -> None:
        self.play_timer.stop()
        self._set_play_look(playing=False)

    @property
    def playing(self) -> bool:
        return self.play_timer.isActive()

    def _set_play_look(self, playing: bool) -> None:
        SP = QStyle.StandardPixmap
        text = _tr("Pause") if playing else _tr("Play")
        self.play_action.setText(text)
        self.play_action.setIcon(self.style().standardIcon(SP.SP_MediaPause if playing else SP.SP_MediaPlay))
        self.play_action.setToolTip(_tr("{0} ({1})").format(text, "Space"))
        self.play_button.setAccessibleName(text)

    @guarded("playing")
    def _on_play_tick(self) -> None:
        """One phase on; play stops at the end of the forward pass (Play again runs the backward
        pass) and at the end of the backward pass."""
        self.playhead.phase_forward()
        if self.playhead.at_end or self.playhead.index == self.playhead.forward_end:
            self.pause()

    def _update_speed(self) -> None:
        self.play_timer.setInterval(int(self.speed_box.currentData()))

    # -- editing --------------------------------------------------------------------------
    @guarded("an edit", fallback=False)
    def push_edit(self, edit) -> bool:
        """Validate an edit record, then apply it through the undo stack. Refused edits change nothing."""
        try:
            lesson, inverse = edit.apply(self.session.lesson)
            check_window_length(lesson, "the new sequence")
        except LessonError as error:
            self.show_error(message_text(str(error)))
            return False
        before = self.session.lesson
        self.undo_stack.push(EditCommand(self.session, edit, inverse))
        return self.session.lesson is not before

    @guarded("applying the tokens")
    def apply_tokens(self) -> None:
        """Enter in the Tokens field: apply them, and give the keyboard back to stepping."""
        try:
            self._apply_tokens()
        finally:
            self.canvas.setFocus()

    def restore_tokens(self) -> None:
        """Escape in the Tokens field: drop the typing, give the keyboard back to stepping."""
        self.token_field.setText(" ".join(self.session.lesson.tokens))
        self.canvas.setFocus()

    def _apply_tokens(self) -> None:
        if self.token_field.text() == " ".join(self.session.lesson.tokens):
            return  # unchanged: tokens that themselves hold spaces must not be split
        tokens = self.token_field.text().split()
        if not tokens:
            self.show_error(_tr("Type at least one token; the previous tokens are kept"))
            self.token_field.setText(" ".join(self.session.lesson.tokens))
            return
        if len(tokens) > MAX_WINDOW_TOKENS:
            self.show_error(_tr("{0} tokens: the window shows at most {1}; the previous tokens are kept")
                            .format(len(tokens), MAX_WINDOW_TOKENS))  # fmt: skip
        elif tuple(tokens) == self.session.lesson.tokens or self.push_edit(SetTokens(tuple(tokens))):
            return
        # refused (the status bar says why): the field goes back to what the lesson reads
        self.token_field.setText(" ".join(self.session.lesson.tokens))

    def randomize_weights(self) -> None:
        seed, ok = QInputDialog.getInt(self, _tr("Randomize weights"), _tr("Seed (same seed, same weights):"),
                                       0, 0, 2**31 - 1)  # fmt: skip
        if ok:
            name = f"Randomize weights (seed {seed})"  # the undo step's name, in English: shown by _edit_name
            self.push_edit(ReplaceLesson(randomized(self.session.lesson, seed), name))

    def revert_to_saved(self) -> None:
        if self.session.lesson is not self.session.saved_lesson:
            self.push_edit(ReplaceLesson(self.session.saved_lesson, "Revert to saved"))

    def edit_title(self) -> None:
        """Edit > Lesson title: an undoable SetTitle; the window title follows."""
        title, ok = QInputDialog.getText(self, _tr("Lesson title"), _tr("Title of the lesson (saved in the file):"),
                                         QLineEdit.EchoMode.Normal, self.session.lesson.title)  # fmt: skip
        if not ok:
            return
        title = " ".join(title.split())  # one line, as the window title shows it
        if title != self.session.lesson.title:
            self.push_edit(SetTitle(title))

    def _ask_hidden_size(self) -> tuple[int, int] | None:
        dialog = HiddenSizeDialog(self.session.lesson.hidden_size, self)
        return dialog.values() if dialog.exec() == HiddenSizeDialog.DialogCode.Accepted else None

    def change_hidden_size(self) -> None:
        """Edit > Change hidden size: an undoable ResizeHidden (shared units keep their weights)."""
        answer = self.ask_hidden_size()
        if answer is None:
            return
        hidden_size, seed = answer
        if hidden_size == self.session.lesson.hidden_size:
            return
        if self.push_edit(ResizeHidden(hidden_size, seed)):
            message = _tr("Hidden size {0} (seed {1}); Ctrl+Z goes back").format(hidden_size, seed)
            self.statusBar().showMessage(message, 6000)

    def _ask_new_lesson(self) -> object:
        lesson = self.session.lesson
        dialog = NewLessonDialog(" ".join(lesson.tokens), lesson.hidden_size, lesson.embedding_size, self)
        return dialog.lesson if dialog.exec() == NewLessonDialog.DialogCode.Accepted else None

    def new_lesson(self) -> bool:
        """File > New lesson: build one from the dialog, ask about unsaved edits, open it untitled."""
        lesson = self.ask_new_lesson()
        if lesson is None or not self.maybe_save():
            return False
        if not self._start_lesson(lesson, None, untitled=True, note="new"):
            return False
        self.statusBar().showMessage(_tr("A new lesson: save it to keep it."), 8000)
        return True

    def show_error(self, message: str) -> None:
        """A one-line message in the status bar: it does not stop the user, and it goes away."""
        self.statusBar().showMessage(f"⚠ {i18n.message_text(message)}", 8000)  # a core message translated

    # -- files ----------------------------------------------------------------------------
    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        B = QMessageBox.StandardButton
        return QMessageBox.question(
            self,
            _tr("Unsaved edits"),
            _tr("The lesson has unsaved edits. Save them first?"),
            B.Save | B.Discard | B.Cancel,
            B.Save,
        )

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current lesson (saved, discarded on request, or clean)."""
        if not self.has_unsaved_edits:
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def open_lesson(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _tr("Open lesson"), self._last_folder(), lesson_filter())
        if path:
            self.load_path(path)

    def open_gallery(self) -> None:
        """File > Gallery of lessons: pick a built-in lesson and open it, its Notes tab in front."""
        dialog = GalleryDialog(self)
        if dialog.exec() and dialog.chosen is not None:
            self.open_builtin(dialog.chosen)

    def open_builtin(self, name: str) -> bool:
        """Open a built-in lesson by name (never written over: Save becomes Save As)."""
        if not self.load_path(find_lesson(name)):
            return False
        if self.session.lesson.notes or self.session.lesson.description:
            self.docks[4].raise_()  # the notes are what a gallery lesson is about
        return True

    def load_path(self, path: str | Path) -> bool:
        """Open a lesson; on a bad file show the same message as the CLI and keep the current lesson.

        Unsaved edits are asked about once the file has been read, so a file that cannot be
        opened never costs them.
        """
        try:
            lesson = load_lesson(path)
            check_window_length(lesson, str(path))
        except LessonError as error:
            QMessageBox.warning(self, _tr("Cannot open lesson"), message_text(str(error)))
            return False
        except Exception as error:  # noqa: BLE001 - a loader bug must not take the window down
            errors.report(error, f"reading {path}")
            QMessageBox.warning(self, _tr("Cannot open lesson"), f"{path}: {errors.describe(error)}")
            return False
        if not self.maybe_save():
            return False
        if not self._start_lesson(lesson, Path(path), builtin=is_builtin_lesson(path)):
            return False
        self._add_recent(str(Path(path).resolve()))
        return True

    def _start_lesson(self, lesson, path: Path | None, builtin: bool = False, untitled: bool = False,
                      note: str = "imported") -> bool:  # fmt: skip
        """Show another lesson from its start, with a fresh undo history. False (and nothing changed) on failure.
        An untitled lesson's `note` says where it came from: "imported", "new" or "trained" (the window
        title says it). While a run trains, asks first whether to keep it training (unless the lesson
        is one of its models, opened from the Train view)."""
        if note != "trained" and not self._training_allows_opening():
            return False
        self.pause()
        try:
            self.session.load(lesson, path)
        except Exception as error:  # noqa: BLE001 - e.g. a lesson the engine cannot trace
            errors.report(error, "opening the lesson")
            QMessageBox.warning(self, _tr("Cannot open lesson"), f"{path or lesson.title}: {errors.describe(error)}")
            return False
        self.builtin, self.untitled, self.untitled_note = builtin, untitled, note
        self.undo_stack.clear()
        self.playhead.reset()
        self.undo_stack.setClean()
        self._update_title()
        return True

    # -- training ---------------------------------------------------------------------------------
    def show_train_view(self) -> None:
        """Play > Train models (Ctrl+T): the Train view, made the first time; a run goes on while it is hidden."""
        if self.train_view is None:
            # the first time loads pyqtgraph, which the rest of the window does without: about half a second
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                from .train_view import TrainView

                self.train_view = TrainView(self)
            finally:
                QApplication.restoreOverrideCursor()
            self.train_view.sig_open_lesson.connect(guarded("opening the trained model")(self.open_trained_lesson))
            self.train_view.sig_state_changed.connect(self._show_training_state)
        self.train_view.show()
        self.train_view.raise_()
        self.train_view.activateWindow()

    @property
    def training(self) -> bool:
        return self.train_view is not None and self.train_view.active

    def _show_training_state(self, line: str) -> None:
        set_status_line(self.training_label, line)
        self.training_label.setVisible(bool(line))

    def open_trained_lesson(self, lesson) -> bool:
        """The Train view's Open button: the model's weights as they are now, untitled (asking about unsaved edits)."""
        if not self.maybe_save():
            return False
        if not self._start_lesson(lesson, None, untitled=True, note="trained"):
            return False
        self.statusBar().showMessage(_tr("The trained weights as they were at this step: save them to keep them."),
                                     10000)  # fmt: skip
        return True

    def _ask_training(self, closing: bool) -> str:
        """"keep", "stop" or "cancel": what to do with the run training now."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_tr("Training is running"))
        if closing:
            box.setText(_tr("Models are still training. Quitting stops them, and weights you have not opened and "
                            "saved are lost. Quit anyway?"))  # fmt: skip
            stop = box.addButton(_tr("Stop training and quit"), QMessageBox.ButtonRole.AcceptRole)
            keep = None
        else:
            box.setText(_tr("Models are still training. Open the lesson and let them train on, or stop them?"))
            keep = box.addButton(_tr("Open, keep training"), QMessageBox.ButtonRole.AcceptRole)
            stop = box.addButton(_tr("Open, stop training"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel if closing else keep)
        box.exec()
        clicked = box.clickedButton()
        return "keep" if clicked is keep and keep is not None else "stop" if clicked is stop else "cancel"

    def _training_allows_opening(self) -> bool:
        if not self.training:
            return True
        answer = self.ask_training(False)
        if answer == "stop":
            self.train_view.stop()
        return answer != "cancel"

    def _training_allows_closing(self) -> bool:
        return not self.training or self.ask_training(True) == "stop"

    def import_trained(self) -> None:
        """File > Import trained weights: pick a file, a layer, optionally a vocabulary; read in the background."""
        models = _tr("Trained models (*.pt *.pth *.bin *.safetensors *.keras *.h5);;All files (*)")
        path, _ = QFileDialog.getOpenFileName(self, _tr("Import trained weights"), self._last_folder(), models)
        if not path:
            return
        self.import_path(path, layer=self._ask_layer, nonlinearity=self._ask_nonlinearity)

    def _ask_layer(self, choices: list[str]) -> int | None:
        if len(choices) == 1:
            return 0
        choice, ok = QInputDialog.getItem(self, _tr("Choose a layer"), _tr("The file holds several recurrent layers:"),
                                          choices, 0, False)  # fmt: skip
        return choices.index(choice) if ok else None

    def _ask_nonlinearity(self, layer_name: str) -> str | None:
        question = _tr("A PyTorch file does not say which nonlinearity “{0}” uses.").format(layer_name)
        hint = _tr("Choose the one the model was built with (nn.RNN's default is tanh):")
        choice, ok = QInputDialog.getItem(
            self,
            _tr("SimpleRNN nonlinearity"),
            f"{question}\n{hint}",
            list(NONLINEARITIES),
            0,
            False,
        )
        return choice if ok else None

    def import_path(self, path: str, layer=None, vocab: str | None = None, wait: bool = False,
                    nonlinearity=None) -> None:  # fmt: skip
        """Read a model file on a worker thread behind a progress dialog, then open the chosen layer.

        `layer` is an index, a name, None (the first) or a function choosing from the layer names.
        `nonlinearity` (PyTorch SimpleRNN layers only, whose files do not store it) is "tanh",
        "relu", None (tanh) or a function of the layer's name returning one of them (None: stop).
        The dialog's Cancel button sets an Event the reader checks, so the read really stops.
        """
        import threading
        from concurrent.futures import ThreadPoolExecutor

        from .. import importers

        cancel = threading.Event()
        progress = QProgressDialog(_tr("Reading the model file…"), _tr("Cancel"), 0, 0, self)
        progress.setWindowTitle(_tr("Import trained weights"))
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAccessibleName(_tr("Import progress"))
        self._import_progress = progress  # tests press its Cancel button
        executor = ThreadPoolExecutor(max_workers=1)
        timers: list[QTimer] = []  # one polling timer per stage, kept alive here

        def stop() -> None:
            for timer in timers:
                timer.stop()
            progress.close()
            executor.shutdown(wait=False)

        def cancelled() -> None:
            if cancel.is_set() or not any(timer.isActive() for timer in timers):
                return
            cancel.set()  # the reader stops within a fraction of a second; its result is not used
            stop()
            self.statusBar().showMessage(_tr("Import cancelled; the lesson was not changed."), 8000)

        progress.canceled.connect(cancelled)

        def finish(job, timer: QTimer, then) -> None:
            if not job.done():
                return
            timer.stop()
            if cancel.is_set():
                return
            try:
                result = job.result()
            except LessonError as error:  # ModelImportError, ImportCancelled included
                stop()
                QMessageBox.warning(self, _tr("Cannot import"), message_text(str(error)))
                return
            except Exception as error:  # noqa: BLE001 - a reader bug must not take the window down
                stop()
                errors.report(error, f"importing {path}")
                QMessageBox.warning(self, _tr("Cannot import"), f"{path}: {errors.describe(error)}")
                return
            try:
                then(result)
            except LessonError as error:  # e.g. no such layer
                stop()
                QMessageBox.warning(self, _tr("Cannot import"), message_text(str(error)))
            except Exception as error:  # noqa: BLE001
                stop()
                errors.report(error, f"importing {path}")
                QMessageBox.warning(self, _tr("Cannot import"), f"{path}: {errors.describe(error)}")

        def layers_read(result) -> None:
            layers, _ = result
            index = layer
            if callable(layer):
                progress.hide()
                index = layer([f"{k}: {c.name}  ({c.kind}, H={c.hidden_size}, D={c.input_size})"
                               for k, c in enumerate(layers)])  # fmt: skip
                if index is None:
                    stop()
                    return
            chosen = importers.choose_layer(layers, index, Path(path))
            act = nonlinearity
            if chosen.kind == "rnn" and Path(path).suffix.lower() in importers.PYTORCH_SUFFIXES:
                if callable(act):
                    progress.hide()
                    act = act(chosen.name)
                    if act is None:
                        stop()
                        return
            else:
                act = None  # Keras files say which one; other layers have none
            progress.setLabelText(_tr("Building the lesson…"))
            progress.show()
            start(executor.submit(_build_lesson, path, index, vocab, act, cancel), lambda r: lesson_built(r, act))

        def lesson_built(result, act: str | None) -> None:
            lesson, chosen, _ = result
            stop()
            if not self.maybe_save():
                return
            if not self._start_lesson(lesson, None, untitled=True):
                return
            self.statusBar().showMessage(_imported_sentence(chosen, Path(path).name, act), 15000)

        def start(job, then) -> None:
            timer = QTimer(self)
            timer.timeout.connect(lambda: finish(job, timer, then))
            timers.append(timer)
            timer.start(30)

        start(executor.submit(importers.read_layers, path, cancel=cancel), layers_read)
        progress.show()
        if wait:  # tests: run the event loop until the import has finished (a regression fails, not hangs)
            deadline = time.monotonic() + 60
            while any(timer.isActive() for timer in timers):
                if time.monotonic() > deadline:
                    raise TimeoutError("the import did not finish within 60 s")
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def save(self) -> bool:
        if self.builtin or self.session.path is None:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        suggested = str(Path(self._last_folder()) / "lesson.json")
        path, _ = QFileDialog.getSaveFileName(self, _tr("Save lesson as"), suggested, lesson_filter())
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self._save_to(Path(path))

    def _ask_replace_readonly(self, path: str | Path) -> bool:
        B = QMessageBox.StandardButton
        question = _tr("{0} is read-only. Replace it anyway?").format(path)
        answer = QMessageBox.question(self, _tr("Read-only file"), question, B.Yes | B.No, B.No)
        return answer == B.Yes

    def _write(self, path: str | Path, write, title: str) -> bool:
        """Run write(replace_readonly=...) for a file; a read-only target is replaced only if the user says so."""
        try:
            try:
                write(replace_readonly=False)
            except ReadOnlyTargetError:
                if not self.ask_replace_readonly(path):
                    self.show_error(_tr("{0} is read-only; it was not changed").format(path))
                    return False
                write(replace_readonly=True)
        except OSError as error:
            QMessageBox.warning(self, title, _tr("{0}: cannot write: {1}").format(path, error.strerror or error))
            return False
        except LessonError as error:  # e.g. a lesson too large to open again
            QMessageBox.warning(self, title, message_text(str(error)))
            return False
        except Exception as error:  # noqa: BLE001 - a writer bug must not take the window (or the lesson) down
            errors.report(error, f"writing {path}")
            QMessageBox.warning(self, title, f"{path}: {errors.describe(error)}")
            return False
        return True

    def _save_to(self, path: Path) -> bool:
        if not self._write(path, lambda **kw: self.session.save(path, **kw), _tr("Cannot save")):
            return False
        self.builtin = False
        self.untitled = False
        self.undo_stack.setClean()
        self._add_recent(str(path.resolve()))
        self._update_title()
        self.statusBar().showMessage(_tr("Saved {0}").format(path), 4000)
        return True

    def export_trace(self) -> None:
        suggested = str(Path(self._last_folder()) / "trace.csv")
        long_filter, wide_filter = csv_filters()
        path, chosen = QFileDialog.getSaveFileName(self, _tr("Export trace as CSV"), suggested,
                                                   f"{long_filter};;{wide_filter}")  # fmt: skip
        if path:
            self.export_trace_to(path, "wide" if chosen == wide_filter else "long")

    def export_trace_to(self, path: str, fmt: str = "long") -> bool:
        whatif = self.session.whatif  # an override in force is part of the trace, and the CSV says so
        write = lambda **kw: export_csv(self.session.lesson, path, None, fmt, whatif=whatif, **kw)  # noqa: E731
        if not self._write(path, write, _tr("Cannot export")):
            return False
        self.statusBar().showMessage(_tr("Exported {0}").format(path), 4000)
        return True

    def export_canvas(self, kind: str) -> None:
        title, filter_ = {"png": (_tr("Export canvas as PNG"), _tr("PNG image (*.png)")),
                          "svg": (_tr("Export canvas as SVG"), _tr("SVG drawing (*.svg)"))}[kind]  # fmt: skip
        suggested = str(Path(self._last_folder()) / f"cell.{kind}")
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, filter_)
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        self.export_canvas_to(path)

    def export_canvas_to(self, path: str) -> bool:
        """The cell diagram as PNG or SVG (by the extension), written atomically."""
        if not self._write(path, lambda **kw: self.canvas.export_image(path, **kw), _tr("Cannot export")):
            return False
        self.statusBar().showMessage(_tr("Exported {0}").format(path), 4000)
        return True

    def _last_folder(self) -> str:
        if self.session.path is not None and not self.builtin:
            return str(self.session.path.parent)
        return str(Path.home())

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: str) -> None:
        if is_builtin_lesson(path):  # every built-in lesson, not only the default one
            return
        recent = [path] + [p for p in self._recent() if p != path]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(guarded("opening a recent lesson")(lambda _=False, p=path: self.load_path(p)))
        self.recent_menu.setEnabled(bool(self._recent()))

    def about(self) -> None:
        from .. import __version__

        keys = (
            _tr("Left / Right (or Page Up / Page Down, a clicker's keys): previous / next timestep"),
            _tr("Shift+Left / Shift+Right: previous / next phase"),
            _tr("Space: play / pause"),
            _tr("Home / End: start / last timestep"),
            _tr("Ctrl+Z: undo"),
            _tr("Ctrl+Shift+Z or Ctrl+Y: redo"),
            _tr("Ctrl+N: new lesson"),
            _tr("Ctrl+O / Ctrl+S: open / save"),
            _tr("In the Tokens field: Enter applies, Escape restores"),
            _tr("In a table: Ctrl+C / Ctrl+V copy and paste numbers"),
        )
        about = _tr(
            "Step through a SimpleRNN, an LSTM and a GRU one timestep and one gate at a time, with the real numbers."
        )
        QMessageBox.about(
            self,
            _tr("About rnnviz"),
            f"<b>rnnviz {__version__}</b><p>{about}</p><p>{_tr('Keys:')}<br>{'<br>'.join(keys)}</p>",
        )

    def showEvent(self, event) -> None:
        super().showEvent(event)
        guarded("sizing the state panel")(self._fit_state_dock)()

    def closeEvent(self, event) -> None:
        try:
            close = self._training_allows_closing() and self.maybe_save()
        except Exception as error:  # noqa: BLE001 - asked to close, so close; the error is logged
            errors.report(error, "closing")
            close = True
        if close:
            self.pause()
            self.write_settings()
            if self.train_view is not None:
                self.train_view.close_run()
                self.train_view.close()
            event.accept()
        else:
            event.ignore()


def _build_lesson(path: str, layer, vocab: str | None, nonlinearity: str | None, cancel):
    """import_model on the worker thread (the reading itself runs in a child process)."""
    from .. import importers

    return importers.import_model(path, layer, vocab, nonlinearity=nonlinearity, cancel=cancel)


def _imported_sentence(chosen, file_name: str, nonlinearity: str | None) -> str:
    """The status line after an import, e.g. “Imported the LSTM layer “lstm layer 0” from m.pt …”."""
    from ..core.engine import MODEL_TITLES

    kind = core_text(MODEL_TITLES.get(chosen.kind, chosen.kind))
    notes = [n.strip() for n in (chosen.note or "").split(";") if n.strip()]  # the importer's, in English
    if nonlinearity is not None:
        notes = [n for n in notes if "nonlinearity" not in n]
    notes = [core_text(n) for n in notes]
    if nonlinearity is not None:
        notes.append(_tr("nonlinearity {0}").format(nonlinearity))
    if notes:
        return _tr("Imported the {0} layer “{1}” from {2} ({3}). It is a new lesson: save it to keep it.").format(
            kind, chosen.name, file_name, "; ".join(notes)
        )
    return _tr("Imported the {0} layer “{1}” from {2}. It is a new lesson: save it to keep it.").format(
        kind, chosen.name, file_name
    )


class _WarningClearer:
    """A ⚠ warning in the status bar goes when a later change of the lesson succeeds."""

    def __init__(self, window: MainWindow):
        self.window = window

    def show_lesson(self, session: Session) -> None:
        bar = self.window.statusBar()
        if bar.currentMessage().startswith("⚠"):
            bar.clearMessage()

    def show_position(self, session: Session, position: Position) -> None:
        pass


def _edit_name(text: str) -> str:
    """An undo step's name (kept in English on the stack) in the window's language now."""
    seed = re.fullmatch(r"Randomize weights \(seed (\d+)\)", text)
    if seed:
        return _tr("Randomize weights (seed {0})").format(seed.group(1))
    if text == "Revert to saved":
        return _tr("Revert to saved")
    return core_text(text)  # the edit records' own names


class _WhatIfBanner:
    """The orange line over the diagrams while what-if overrides are on."""

    def __init__(self, window: MainWindow):
        self.window = window

    def show_lesson(self, session: Session) -> None:
        text = session.whatif.describe(core_text)
        shown = f"⚑ {text}" if text else ""
        banner = self.window.whatif_banner
        if banner.text() != shown:
            banner.setText(shown)
        banner.setVisible(bool(text))

    def show_position(self, session: Session, position: Position) -> None:
        pass


class _TransportView:
    """The window's own view of the session: the slider, the token field and the position line."""

    def __init__(self, window: MainWindow):
        self.window = window

    def show_lesson(self, session: Session) -> None:
        w = self.window
        w._size_position_label()  # the longest line this lesson and these models can show
        w.slider.blockSignals(True)
        w.slider.setRange(0, session.T)
        w.slider.blockSignals(False)
        tokens = session.lesson.tokens
        if not w.token_field.hasFocus() or w.token_field.text().split() == list(tokens):
            w.token_field.setText(" ".join(tokens))

    def show_position(self, session: Session, position: Position) -> None:
        w = self.window
        w.slider.blockSignals(True)
        w.slider.setValue(position.step)
        w.slider.blockSignals(False)
        where = _position_line(session, position)
        set_status_line(w.position_label, where)
        w.position_label.setAccessibleDescription(where)


def set_status_line(label: QLabel, text: str) -> None:
    """A fixed-size status bar label's text, elided at the right if it is too long (the whole text
    in its tooltip)."""
    room = label.contentsRect().width()
    shown = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room) if room > 0 else text
    if label.text() != shown:
        label.setText(shown)
    label.setToolTip(text if shown != text else "")


def _position_line(session: Session, position: Position) -> str:
    """The status bar's line, e.g. “t = 3 / 3   “祖国”   phase: forget gate (LSTM) · reset gate (GRU)”: each
    case one whole sentence to translate; the core's phase names are translated with core_text."""
    step, T = position.step, session.T
    if position.backward:  # the same words as session.position_name, with the numbers as placeholders
        if step:
            return _tr("t = {0} / {1}   “{2}”   backward pass: the gradient from h({3}) reaches h({4})").format(
                step, T, session.token(step), T, step
            )
        return _tr("t = {0} / {1}   backward pass: the gradient from h({2}) reaches h({3})").format(step, T, T, step)
    if step:
        return _tr("t = {0} / {1}   “{2}”   phase: {3}").format(
            step, T, session.token(step), core_text(session.stage_name(position.phase))
        )
    return _tr("t = {0} / {1}   initial state").format(step, T)
