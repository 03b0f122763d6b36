// Run by OmegaT (--script) on project events: on LOAD, read every TBX
// in the project's glossary folder with OmegaT's own reader and print
// what the glossary pane would show.
import org.omegat.core.Core
import org.omegat.gui.glossary.GlossaryReaderTBX
if (eventType.toString() == "LOAD") {
  def dir = new File(Core.getProject().getProjectProperties().getGlossaryRoot())
  dir.listFiles().findAll { it.name.endsWith(".tbx") }.sort().each { f ->
    def entries = GlossaryReaderTBX.read(f, false)
    println "GLOSSARY ${f.name}: ${entries.size()} entries"
    entries.each { e ->
      println "ENTRY\t${e.getSrcText()}\t${e.getLocText()}\t${e.getCommentText().replace('\n', ' | ')}"
    }
  }
}
