from recoverytui.cli import main

main()
