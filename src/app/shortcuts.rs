//! The editor's commands and their keyboard shortcuts: one table that the menus, the keyboard
//! handler and the Keyboard shortcuts window all read, so a shortcut is written down once.

use egui::{Context, Key, KeyboardShortcut, Modifiers};

/// Something the user can ask for from a menu, the toolbar or the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    New,
    Open,
    Save,
    SaveAs,
    ExportPng,
    ExportSvg,
    CopyImage,
    Quit,
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    Duplicate,
    Delete,
    SelectAll,
    Rename,
    ToolSelect,
    ToolActor,
    ToolAsset,
    ToolConnect,
    InsertActor,
    InsertAsset,
    LayoutLeftRight,
    LayoutTopBottom,
    Tidy,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    Zoom100,
    Find,
    Glossary,
    ProjectCatalogue,
    Shortcuts,
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;

impl Command {
    /// Every command, in the order the Keyboard shortcuts window lists them.
    pub const ALL: [Command; 34] = [
        Command::New,
        Command::Open,
        Command::Save,
        Command::SaveAs,
        Command::ExportPng,
        Command::ExportSvg,
        Command::CopyImage,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Cut,
        Command::Copy,
        Command::Paste,
        Command::Duplicate,
        Command::Delete,
        Command::SelectAll,
        Command::Rename,
        Command::ToolSelect,
        Command::ToolActor,
        Command::ToolAsset,
        Command::ToolConnect,
        Command::InsertActor,
        Command::InsertAsset,
        Command::LayoutLeftRight,
        Command::LayoutTopBottom,
        Command::Tidy,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomFit,
        Command::Zoom100,
        Command::Find,
        Command::Glossary,
        Command::ProjectCatalogue,
        Command::Shortcuts,
    ];

    /// The text of the menu item or button.
    pub fn label(self) -> &'static str {
        match self {
            Command::New => "New",
            Command::Open => "Open…",
            Command::Save => "Save",
            Command::SaveAs => "Save As…",
            Command::ExportPng => "Export PNG…",
            Command::ExportSvg => "Export SVG…",
            Command::CopyImage => "Copy diagram as image",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Cut => "Cut",
            Command::Copy => "Copy",
            Command::Paste => "Paste",
            Command::Duplicate => "Duplicate",
            Command::Delete => "Delete",
            Command::SelectAll => "Select all",
            Command::Rename => "Rename",
            Command::ToolSelect => "Select",
            Command::ToolActor => "Add actor",
            Command::ToolAsset => "Add asset",
            Command::ToolConnect => "Connect",
            Command::InsertActor => "Insert actor",
            Command::InsertAsset => "Insert asset",
            Command::LayoutLeftRight => "Auto-layout left to right",
            Command::LayoutTopBottom => "Auto-layout top to bottom",
            Command::Tidy => "Tidy",
            Command::ZoomIn => "Zoom in",
            Command::ZoomOut => "Zoom out",
            Command::ZoomFit => "Zoom to fit",
            Command::Zoom100 => "Zoom to 100 %",
            Command::Find => "Find in outline",
            Command::Glossary => "Glossary and catalogue…",
            Command::ProjectCatalogue => "Project catalogue…",
            Command::Shortcuts => "Keyboard shortcuts",
        }
    }

    /// One sentence saying what the command does: tool tip and shortcuts-window text.
    pub fn help(self) -> &'static str {
        match self {
            Command::New => "Start a blank project (asks first if there are unsaved changes).",
            Command::Open => "Open a project file (.ron).",
            Command::Save => "Save the project to its file.",
            Command::SaveAs => "Save the project to a new file.",
            Command::ExportPng => {
                "Save the diagram as a PNG image: the whole of it, the view or the selection, at 1× to 4×."
            }
            Command::ExportSvg => "Save the diagram as an SVG drawing: the whole of it, the view or the selection.",
            Command::CopyImage => {
                "Put a picture of the whole diagram on the clipboard (PNG, 2×), to paste into a document."
            }
            Command::Quit => "Close the editor (asks first if there are unsaved changes).",
            Command::Undo => "Undo the last change.",
            Command::Redo => "Redo the change you last undid.",
            Command::Cut => "Copy the selected nodes to the clipboard and delete them.",
            Command::Copy => "Copy the selected nodes (and the flows between them) to the clipboard.",
            Command::Paste => "Paste nodes from the clipboard, also from another dlt-modeller window.",
            Command::Duplicate => "Copy the selected nodes and their flows, a little down and to the right.",
            Command::Delete => "Delete the selection; deleting a node deletes its flows.",
            Command::SelectAll => "Select every node and flow.",
            Command::Rename => "Rename the selected node on the canvas.",
            Command::ToolSelect => "Select, move and box-select nodes on the canvas.",
            Command::ToolActor => "Click on the canvas to place an actor (who takes part).",
            Command::ToolAsset => "Click on the canvas to place an asset (what is tracked or transferred).",
            Command::ToolConnect => "Drag from one node to another to draw a flow.",
            Command::InsertActor => "Add an actor beside the selection, or in the middle of the view, and name it.",
            Command::InsertAsset => "Add an asset beside the selection, or in the middle of the view, and name it.",
            Command::LayoutLeftRight => {
                "Lay out the selection (or, with fewer than two nodes selected, the whole diagram) in layers, flows pointing right."
            }
            Command::LayoutTopBottom => {
                "Lay out the selection (or, with fewer than two nodes selected, the whole diagram) in layers, flows pointing down."
            }
            Command::Tidy => {
                "Snap the selection (or every node) to the grid and push overlapping nodes apart, keeping their order."
            }
            Command::ZoomIn => "Zoom in on the diagram.",
            Command::ZoomOut => "Zoom out of the diagram.",
            Command::ZoomFit => "Show the whole diagram.",
            Command::Zoom100 => "Show the diagram at its natural size.",
            Command::Find => "Type in the outline's filter to find a node or flow.",
            Command::Glossary => {
                "Search the glossary, components, criteria, regulatory topics and platforms; attach components and criteria to the selection."
            }
            Command::ProjectCatalogue => {
                "Add, edit and remove the project's own components, criteria and platforms, or import another project's."
            }
            Command::Shortcuts => "Show this list of keyboard shortcuts.",
        }
    }

    /// The keys that run the command; the first is the one menus show.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Command::New => const { &[key(CMD, Key::N)] },
            Command::Open => const { &[key(CMD, Key::O)] },
            Command::Save => const { &[key(CMD, Key::S)] },
            Command::SaveAs => const { &[key(CMD_SHIFT, Key::S)] },
            Command::ExportPng => const { &[key(CMD, Key::E)] },
            Command::ExportSvg => const { &[key(CMD_SHIFT, Key::E)] },
            Command::CopyImage => const { &[key(CMD_SHIFT, Key::C)] },
            Command::Quit => const { &[key(CMD, Key::Q)] },
            Command::Undo => const { &[key(CMD, Key::Z)] },
            Command::Redo => const { &[key(CMD_SHIFT, Key::Z), key(CMD, Key::Y)] },
            Command::Cut => const { &[key(CMD, Key::X)] },
            Command::Copy => const { &[key(CMD, Key::C)] },
            Command::Paste => const { &[key(CMD, Key::V)] },
            Command::Duplicate => const { &[key(CMD, Key::D)] },
            Command::Delete => const { &[key(NONE, Key::Delete), key(NONE, Key::Backspace)] },
            Command::SelectAll => const { &[key(CMD, Key::A)] },
            Command::Rename => const { &[key(NONE, Key::F2)] },
            Command::ToolSelect => const { &[key(NONE, Key::V)] },
            Command::ToolActor => const { &[key(NONE, Key::A)] },
            Command::ToolAsset => const { &[key(NONE, Key::S)] },
            Command::ToolConnect => const { &[key(NONE, Key::C)] },
            Command::InsertActor => const { &[key(SHIFT, Key::A)] },
            Command::InsertAsset => const { &[key(SHIFT, Key::S)] },
            Command::LayoutLeftRight => const { &[key(CMD, Key::L)] },
            Command::LayoutTopBottom => const { &[key(CMD_SHIFT, Key::L)] },
            Command::Tidy => const { &[key(CMD_SHIFT, Key::T)] },
            Command::ZoomIn => const { &[key(CMD, Key::Plus), key(CMD, Key::Equals)] },
            Command::ZoomOut => const { &[key(CMD, Key::Minus)] },
            Command::ZoomFit => const { &[key(NONE, Key::F)] },
            Command::Zoom100 => const { &[key(CMD, Key::Num0)] },
            Command::Find => const { &[key(CMD, Key::F)] },
            Command::Glossary => const { &[key(CMD, Key::G)] },
            Command::ProjectCatalogue => const { &[key(CMD_SHIFT, Key::G)] },
            Command::Shortcuts => const { &[key(NONE, Key::F1)] },
        }
    }

    /// Commands that act on the diagram and whose keys mean something else while a text field
    /// has the keyboard (Ctrl+Z undoes typing there, Backspace deletes a character, A is a letter).
    pub fn acts_on_diagram(self) -> bool {
        !matches!(
            self,
            Command::New
                | Command::Open
                | Command::Save
                | Command::SaveAs
                | Command::ExportPng
                | Command::ExportSvg
                | Command::CopyImage
                | Command::Quit
                | Command::Duplicate
                | Command::ZoomIn
                | Command::ZoomOut
                | Command::Zoom100
                | Command::Find
                | Command::Glossary
                | Command::ProjectCatalogue
                | Command::Shortcuts
        )
    }

    /// The first shortcut as the platform writes it ("Ctrl+S", "⌘S"), for menus.
    pub fn shortcut_text(self, ctx: &Context) -> String {
        self.shortcuts()
            .first()
            .map(|s| ctx.format_shortcut(s))
            .unwrap_or_default()
    }

    /// Every shortcut of the command, for the Keyboard shortcuts window.
    pub fn all_shortcuts_text(self, ctx: &Context) -> String {
        self.shortcuts()
            .iter()
            .map(|s| ctx.format_shortcut(s))
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

/// Takes this frame's key presses that match a command out of the input and returns the
/// commands. `typing` is true while a text field has the keyboard: diagram commands are then
/// left to the field. More specific shortcuts are tried first, so Ctrl+Shift+Z is Redo, not Undo.
pub fn pressed(ctx: &Context, typing: bool) -> Vec<Command> {
    let mut table: Vec<(Command, &KeyboardShortcut)> = Command::ALL
        .iter()
        .filter(|c| !(typing && c.acts_on_diagram()))
        .flat_map(|&c| c.shortcuts().iter().map(move |s| (c, s)))
        .collect();
    table.sort_by_key(|(_, s)| std::cmp::Reverse(modifier_count(s.modifiers)));
    ctx.input_mut(|input| {
        let mut commands = Vec::new();
        for (command, shortcut) in table {
            while input.consume_shortcut(shortcut) {
                if !commands.contains(&command) {
                    commands.push(command);
                }
            }
        }
        commands
    })
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.ctrl || m.command || m.mac_cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = Vec::new();
        for c in Command::ALL {
            for s in c.shortcuts() {
                assert!(!seen.contains(s), "{c:?} reuses {s:?}");
                seen.push(*s);
            }
        }
    }

    #[test]
    fn every_command_has_a_label_help_and_a_key() {
        for c in Command::ALL {
            assert!(!c.label().is_empty() && c.help().ends_with('.'), "{c:?}");
            assert!(!c.shortcuts().is_empty(), "{c:?}");
        }
    }

    fn press(ctx: &Context, modifiers: Modifiers, key: Key, typing: bool) -> Vec<Command> {
        let mut input = egui::RawInput::default();
        input.events.push(egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        });
        let mut out = Vec::new();
        let mut output = ctx.run_ui(input, |ui| out = pressed(ui.ctx(), typing));
        output.textures_delta.clear();
        out
    }

    #[test]
    fn the_most_specific_shortcut_wins_and_typing_keeps_letters() {
        let ctx = Context::default();
        assert_eq!(press(&ctx, CMD_SHIFT, Key::Z, false), vec![Command::Redo]);
        assert_eq!(press(&ctx, CMD, Key::Z, false), vec![Command::Undo]);
        assert_eq!(press(&ctx, CMD, Key::Y, false), vec![Command::Redo]);
        assert_eq!(press(&ctx, CMD, Key::A, false), vec![Command::SelectAll]);
        assert_eq!(press(&ctx, NONE, Key::A, false), vec![Command::ToolActor]);
        assert_eq!(press(&ctx, SHIFT, Key::A, false), vec![Command::InsertActor]);
        assert_eq!(press(&ctx, NONE, Key::A, true), vec![]);
        assert_eq!(press(&ctx, CMD, Key::Z, true), vec![]);
        assert_eq!(press(&ctx, CMD, Key::S, true), vec![Command::Save]);
    }
}
